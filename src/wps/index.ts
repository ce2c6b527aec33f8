/**
 * The WPS add-in's page script (index.html loads it; WPS loads index.html when it starts the
 * add-in). Thin host code: it registers every REUSE function with `wps.AddCustomFunction` and
 * provides the ribbon callbacks ribbon.xml names. Scenarios and analysis need Excel or the
 * playground (docs/wps.md): WPS's document API is not Office.js.
 */
import { FUNCTIONS } from '../registry';
import { registerAll, WpsApi } from './functions';
import { WPS_NAMESPACE, wpsFullName } from './names';

interface WpsWindow {
  wps?: WpsApi;
  /** Set on load, for support staff (and tests): what was registered. */
  __reuseWps?: { registered: string[] };
  OnAddinLoad?: (ribbonUI: unknown) => boolean;
  OnAction?: (control: { Id?: string }) => void;
}

const w = window as unknown as WpsWindow;

const registered = registerAll(w.wps, 'zh-CN');
w.__reuseWps = { registered };

/** ribbon.xml `onLoad`: nothing to set up beyond the registration above. */
w.OnAddinLoad = () => true;

/** ribbon.xml `onAction`: the one button says what the add-in provides, in Chinese and English. */
w.OnAction = (control) => {
  if (control?.Id !== 'reuseAbout') return;
  const example = wpsFullName(FUNCTIONS[0]);
  const lines = registered.length
    ? [
        `已注册 ${registered.length} 个函数，命名空间 ${WPS_NAMESPACE}，例如 =${example}(…)。情景与分析请使用 Excel 或网页版演示。`,
        `${registered.length} functions registered under ${WPS_NAMESPACE}, e.g. =${example}(…). Scenarios and analysis need Excel or the playground.`,
      ]
    : [
        '此版本的 WPS 不支持加载项自定义函数（需要 12.1.0.20540 或更高版本）。',
        'This WPS version has no add-in custom functions (12.1.0.20540 or later is needed).',
      ];
  window.alert(lines.join('\n'));
};
