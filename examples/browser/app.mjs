// The page's script: loads a model with thicket/runtime, builds a form from its input columns,
// and scores the row the form describes (no server: the prediction runs in the page).
import { loadModel } from 'thicket/runtime';

const $ = (id) => document.getElementById(id);
let model = null;
const scored = [];

function buildForm() {
  const form = $('row-form');
  form.replaceChildren();
  for (const input of model.inputs) {
    const label = document.createElement('label');
    label.textContent = input.name;
    label.htmlFor = `in-${input.name}`;
    let field;
    if (input.kind === 'categorical') {
      field = document.createElement('select');
      field.append(new Option('(missing)', ''), ...input.levels.map((l) => new Option(l, l)));
    } else {
      field = document.createElement('input');
      field.type = input.kind === 'date' ? 'date' : 'text';
      field.inputMode = input.kind === 'numeric' ? 'decimal' : 'text';
      field.placeholder = input.kind === 'numeric' ? 'number (empty: missing)' : '';
    }
    field.id = `in-${input.name}`;
    field.name = input.name;
    form.append(label, field);
  }
  const button = document.createElement('button');
  button.type = 'submit';
  button.id = 'score';
  button.textContent = 'Score';
  form.append(button);
}

/** The form as one row: text as typed (the runtime parses numbers and checks them), '' = missing. */
function formRow() {
  const row = {};
  for (const input of model.inputs) row[input.name] = $(`in-${input.name}`).value.trim();
  return row;
}

function show(row) {
  $('error').textContent = '';
  let label;
  try {
    label = model.predict([row])[0];
    $('result').textContent = `${model.target}: ${label}`;
    $('result').dataset.prediction = String(label);
    const bars = $('probabilities');
    bars.replaceChildren();
    if (model.classes) {
      const p = model.predictProba([row])[0];
      bars.dataset.probabilities = JSON.stringify(p);
      model.classes.forEach((c, i) => {
        const line = document.createElement('div');
        const bar = document.createElement('span');
        bar.className = 'bar';
        bar.style.width = `${Math.round(p[i] * 200)}px`;
        line.append(`${c} ${(p[i] * 100).toFixed(1)}% `, bar);
        bars.append(line);
      });
    }
  } catch (e) {
    $('error').textContent = e.message;
    $('result').textContent = '';
    delete $('result').dataset.prediction;
    return;
  }
  scored.push({ ...row, [model.target]: label });
  const names = [...model.inputs.map((i) => i.name), model.target];
  const head = document.createElement('tr');
  head.append(...names.map((n) => Object.assign(document.createElement('th'), { textContent: n })));
  $('history').tHead.replaceChildren(head);
  $('history').tBodies[0].replaceChildren(...scored.map((r) => {
    const tr = document.createElement('tr');
    tr.append(...names.map((n) => Object.assign(document.createElement('td'), { textContent: r[n] ?? '' })));
    return tr;
  }));
}

function use(m, name) {
  model = m;
  scored.length = 0;
  $('history').tHead.replaceChildren();
  $('history').tBodies[0].replaceChildren();
  $('status').textContent = `Model ${name}: ${m.learner} (${m.format}), ${m.task}${m.classes ? `, classes ${m.classes.join(', ')}` : ''}.`;
  buildForm();
  document.body.dataset.ready = 'true';
}

$('row-form').addEventListener('submit', (e) => {
  e.preventDefault();
  show(formRow());
});

$('model-file').addEventListener('change', async () => {
  const file = $('model-file').files[0];
  if (!file) return;
  try {
    use(loadModel(new Uint8Array(await file.arrayBuffer()), { source: file.name }), file.name);
  } catch (e) {
    $('error').textContent = e.message;
  }
});

const response = await fetch(new URL('../penguins-model.json', import.meta.url));
use(loadModel(await response.text(), { source: 'penguins-model.json' }), 'penguins-model.json');
