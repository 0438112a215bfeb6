import type { Glossary } from './model.js';

/** The glossary for a terminal: headings, terms, indented definitions. */
export function renderText(g: Glossary): string {
  const out: string[] = [g.title, g.subtitle, ''];
  for (const s of g.sections) {
    out.push(s.title, '─'.repeat(Math.min(s.title.length, 80)));
    if (s.intro) out.push(s.intro, '');
    for (const e of s.entries) {
      out.push(`  ${e.term}`, `      ${e.text}`);
      for (const d of e.details ?? []) out.push(`      · ${d}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

// Characters Markdown would read as syntax in a configured label or value.
const mdEscape = (s: string): string => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');

export function renderMarkdown(g: Glossary): string {
  const out: string[] = [`# ${mdEscape(g.title)}`, '', mdEscape(g.subtitle), ''];
  for (const s of g.sections) {
    out.push(`## ${mdEscape(s.title)}`, '');
    if (s.intro) out.push(mdEscape(s.intro), '');
    for (const e of s.entries) {
      out.push(`- **${mdEscape(e.term)}**: ${mdEscape(e.text)}`);
      for (const d of e.details ?? []) out.push(`  - ${mdEscape(d)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

const html = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A self-contained page (no script, no external resource) the dashboard can link. */
export function renderHtml(g: Glossary): string {
  const sections = g.sections.map((s) => {
    const entries = s.entries.map((e) => {
      const details = e.details && e.details.length > 0 ? `<ul>${e.details.map((d) => `<li>${html(d)}</li>`).join('')}</ul>` : '';
      return `<dt>${html(e.term)}</dt><dd>${html(e.text)}${details}</dd>`;
    });
    return `<section id="${html(s.id)}"><h2>${html(s.title)}</h2>${s.intro ? `<p>${html(s.intro)}</p>` : ''}<dl>${entries.join('')}</dl></section>`;
  });
  const toc = g.sections.map((s) => `<li><a href="#${html(s.id)}">${html(s.title)}</a></li>`).join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(g.title)}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}dt{font-weight:600;margin-top:.8rem}dd{margin-left:1.2rem}ul{margin:.2rem 0;color:#555}h2{border-bottom:1px solid #ddd;margin-top:2rem}</style>',
    '</head><body>',
    `<h1>${html(g.title)}</h1><p>${html(g.subtitle)}</p><nav><ul>${toc}</ul></nav>`,
    ...sections,
    '</body></html>',
    '',
  ].join('\n');
}
