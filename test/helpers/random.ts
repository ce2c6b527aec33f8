/** A seeded PRNG (mulberry32) for generated test cases: the examples' own, so every run is the same. */
export { seededRandom as prng } from '../../src/examples/tariff';
