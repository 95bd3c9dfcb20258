/**
 * The try-it page: a form generated from the data contract, so its fields always match what
 * the service validates. All assets are served by the service itself (the CSP allows nothing
 * else), and the form is plain HTML with a label on every input, so it works by keyboard and
 * with a screen reader.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { InstanceSchema } from './schema';

const PUBLIC = path.resolve(__dirname, '..', 'public');

export const STATIC_FILES: Record<string, { type: string; body: string }> = {
  'app.js': { type: 'text/javascript; charset=utf-8', body: fs.readFileSync(path.join(PUBLIC, 'app.js'), 'utf8') },
  'style.css': { type: 'text/css; charset=utf-8', body: fs.readFileSync(path.join(PUBLIC, 'style.css'), 'utf8') },
};

const TEMPLATE = fs.readFileSync(path.join(PUBLIC, 'index.html'), 'utf8');

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function label(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function renderPage(schema: InstanceSchema, maxInstances: number): string {
  const fields = schema.features
    .map((f) => {
      const id = `f-${f.name}`;
      const hintId = `${id}-hint`;
      if (f.type === 'string' && f.values) {
        const options = f.values.map((v) => `<option value="${escape(v)}">${escape(v)}</option>`).join('');
        return `<div class="field"><label for="${id}">${escape(label(f.name))}</label><select id="${id}" name="${escape(f.name)}" data-type="string" aria-describedby="${hintId}">${options}</select><span id="${hintId}" class="hint">one of ${escape(f.values.join(', '))}</span></div>`;
      }
      const range = f.min !== undefined && f.max !== undefined ? `from ${f.min} to ${f.max}` : '';
      const attrs = [
        `id="${id}"`,
        `name="${escape(f.name)}"`,
        f.type === 'string' ? 'type="text" data-type="string"' : `type="number" inputmode="decimal" step="${f.type === 'int' ? '1' : 'any'}" data-type="${f.type}"`,
        f.min !== undefined ? `min="${f.min}"` : '',
        f.max !== undefined ? `max="${f.max}"` : '',
        `value="${escape(String(f.example))}"`,
        'required',
        `aria-describedby="${hintId}"`,
      ].filter(Boolean);
      return `<div class="field"><label for="${id}">${escape(label(f.name))}</label><input ${attrs.join(' ')}><span id="${hintId}" class="hint">${f.type === 'string' ? 'text' : `${f.type === 'int' ? 'whole number' : 'number'} ${range}`}</span></div>`;
    })
    .join('\n        ');
  return TEMPLATE.replaceAll('{{title}}', escape(`Try the ${schema.name} model`))
    .replace('{{description}}', escape(schema.description ?? ''))
    .replace('{{fields}}', fields)
    .replace('{{maxInstances}}', String(maxInstances));
}
