/**
 * The DOM helper every view builds with: elements from a tag, a few properties and children.
 * Text goes in through `textContent` and attributes through `setAttribute`, never as HTML, so
 * anything read from a workbook (names, labels, scenario texts) stays text.
 */

export type Child = Node | string;

export interface Props {
  class?: string;
  text?: string;
  id?: string;
  attrs?: Record<string, string>;
}

/** `h(doc, 'p', { class: 'rf-help', text })`: an element with its properties and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  props: Props = {},
  children: Child[] = []
): HTMLElementTagNameMap[K] {
  const e = doc.createElement(tag);
  if (props.class) e.className = props.class;
  if (props.id) e.id = props.id;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  for (const c of children) e.append(typeof c === 'string' ? doc.createTextNode(c) : c);
  return e;
}

export interface ButtonOptions {
  id?: string;
  primary?: boolean;
  disabled?: boolean;
  /** An accessible name when the visible text alone is ambiguous (`Apply: 基准`). */
  label?: string;
}

export interface FieldOptions {
  multiline?: boolean;
  required?: boolean;
  inputmode?: string;
  readonly?: boolean;
}

/** The pane's building blocks over one document. */
export class Dom {
  constructor(readonly doc: Document) {}

  h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props: Props = {},
    children: Child[] = []
  ): HTMLElementTagNameMap[K] {
    return h(this.doc, tag, props, children);
  }

  button(text: string, onClick: () => void, o: ButtonOptions = {}): HTMLButtonElement {
    const b = this.h('button', {
      class: o.primary ? 'rf-btn rf-btn-primary' : 'rf-btn',
      text,
      id: o.id,
      attrs: { type: 'button' },
    });
    if (o.label) b.setAttribute('aria-label', o.label);
    if (o.disabled) b.disabled = true;
    b.addEventListener('click', onClick);
    return b;
  }

  /** A labelled text input (or textarea) in a `.rf-field`; `onInput` gets every keystroke's value. */
  textField(id: string, label: string, value: string, onInput: (v: string) => void, o: FieldOptions = {}): HTMLElement {
    const input = o.multiline
      ? this.h('textarea', { id, attrs: { rows: '2' } })
      : this.h('input', { id, attrs: { type: 'text', autocomplete: 'off' } });
    input.value = value;
    if (o.required) input.setAttribute('aria-required', 'true');
    if (o.inputmode) input.setAttribute('inputmode', o.inputmode);
    if (o.readonly) input.setAttribute('readonly', '');
    input.addEventListener('input', () => onInput(input.value));
    return this.h('div', { class: 'rf-field' }, [this.h('label', { text: label, attrs: { for: id } }), input]);
  }

  /** A labelled checkbox in a `.rf-check`. */
  checkbox(
    id: string,
    label: string,
    checked: boolean,
    onChange: (checked: boolean) => void,
    attrs: Record<string, string> = {}
  ): HTMLElement {
    const cb = this.h('input', { id, attrs: { type: 'checkbox', ...attrs } });
    cb.checked = checked;
    cb.addEventListener('change', () => onChange(cb.checked));
    return this.h('div', { class: 'rf-check' }, [cb, this.h('label', { text: label, attrs: { for: id } })]);
  }

  /** A horizontally scrollable, keyboard-focusable region around a wide table. */
  tableWrap(label: string, table: HTMLTableElement): HTMLElement {
    return this.h('div', { class: 'rf-table-wrap', attrs: { tabindex: '0', role: 'region', 'aria-label': label } }, [
      table,
    ]);
  }
}
