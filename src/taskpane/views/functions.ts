/** Functions: the function reference (search, signatures, examples) as one view of the pane. Needs no workbook. */
import { ReferenceView, mountReference } from '../reference';
import type { ViewContext, ViewHandle } from '../view-context';

export function mountFunctionsView(ctx: ViewContext, root: HTMLElement): ViewHandle {
  let reference: ReferenceView | undefined;
  return {
    render() {
      // Mounted once (it keeps its search); later renders only follow the language.
      if (!reference) reference = mountReference(ctx.doc, root, ctx.lang(), undefined, { header: false });
      else reference.setLang(ctx.lang());
    },
  };
}
