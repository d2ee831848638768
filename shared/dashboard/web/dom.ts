/// <reference lib="dom" />

/**
 * Small DOM builders. Text always goes in as text nodes, never as HTML: diagnostics and error
 * messages are written by remote mail servers and must not become markup.
 */

type Child = Node | string | number | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'number' ? String(child) : child);
  }
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** Replace an element's content. */
export function show(target: HTMLElement, ...children: Child[]): void {
  target.replaceChildren();
  for (const child of children) {
    if (child === undefined || child === false) continue;
    target.append(typeof child === 'number' ? String(child) : child);
  }
}

/** A table with a caption, header row and body rows; numbers right-aligned. Wrapped to scroll on phones. */
export function table(caption: string, headers: readonly string[], rows: readonly (readonly Child[])[], footer?: readonly Child[]): HTMLElement {
  const cell = (tag: 'td' | 'th', value: Child, scope?: string) =>
    el(tag, { ...(typeof value === 'number' && { class: 'num' }), ...(scope && { scope }) }, value);
  return el(
    'div',
    { class: 'scroll' },
    el(
      'table',
      {},
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, ...headers.map((header) => el('th', { scope: 'col' }, header)))),
      el('tbody', {}, ...rows.map(([first, ...rest]) => el('tr', {}, cell('th', first, 'row'), ...rest.map((value) => cell('td', value))))),
      footer && el('tfoot', {}, el('tr', {}, cell('th', footer[0], 'row'), ...footer.slice(1).map((value) => cell('td', value)))),
    ),
  );
}

/** A link to an outside page, only for http(s) URLs (a `javascript:` URL from data must never become a link). */
export function externalLink(url: string, text: string): HTMLElement {
  let safe = false;
  try {
    safe = ['https:', 'http:'].includes(new URL(url).protocol);
  } catch {
    safe = false;
  }
  return safe ? el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, text) : el('span', {}, `${text} (${url})`);
}

/** `2026-11-20 10:01` (UTC) from an ISO time. */
export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A list of terms and their descriptions. */
export function fields(rows: readonly (readonly [string, Child])[]): HTMLElement {
  return el('dl', {}, ...rows.flatMap(([term, value]) => [el('dt', {}, term), el('dd', {}, value)]));
}
