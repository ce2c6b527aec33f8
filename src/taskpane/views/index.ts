/** The pane's views in tab order. Each is a module exporting a `MountView` (see ../view-context.ts). */
import type { ViewDefinition } from '../view-context';
import { mountAnalysisView } from './analysis';
import { mountCompareView } from './compare';
import { mountFunctionsView } from './functions';
import { mountScenariosView } from './scenarios';
import { mountSetupView } from './setup';
import { mountShareView } from './share';

export const PANE_VIEWS: readonly ViewDefinition[] = [
  { id: 'scenarios', label: 'tabScenarios', mount: mountScenariosView },
  { id: 'setup', label: 'tabSetup', mount: mountSetupView },
  { id: 'compare', label: 'tabCompare', mount: mountCompareView },
  { id: 'analysis', label: 'tabAnalysis', mount: mountAnalysisView },
  { id: 'share', label: 'tabShare', mount: mountShareView },
  { id: 'functions', label: 'tabFunctions', mount: mountFunctionsView, needsState: false },
];

export { mountAnalysisView, mountCompareView, mountFunctionsView, mountScenariosView, mountSetupView, mountShareView };
