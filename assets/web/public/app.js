// The page's only script: reads the form, calls the service, shows what came back.
'use strict';
(function () {
  const form = document.getElementById('predict-form');
  const submit = document.getElementById('submit');
  const errorBox = document.getElementById('error');
  const details = document.getElementById('result-details');
  const empty = document.getElementById('result-empty');
  const out = (id) => document.getElementById(id);

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  function readInstance() {
    const instance = {};
    for (const input of form.querySelectorAll('input, select')) {
      input.removeAttribute('aria-invalid');
      const raw = input.value.trim();
      if (input.dataset.type === 'string') instance[input.name] = raw;
      else instance[input.name] = raw === '' ? null : Number(raw);
    }
    return instance;
  }

  function render(prediction) {
    if (prediction === null || typeof prediction !== 'object') return String(prediction);
    return JSON.stringify(prediction);
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    submit.disabled = true;
    const started = performance.now();
    try {
      const response = await fetch('/v1/predict', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ instances: [readInstance()] }),
      });
      const body = await response.json().catch(() => ({ message: `the service answered ${response.status} without JSON` }));
      if (!response.ok) {
        for (const problem of body.problems || []) {
          const name = String(problem.field).split('.').pop();
          const input = form.querySelector(`[name="${CSS.escape(name)}"]`);
          if (input) input.setAttribute('aria-invalid', 'true');
        }
        const first = form.querySelector('[aria-invalid="true"]');
        if (first) first.focus();
        showError(body.message || `the service answered ${response.status}`);
        return;
      }
      out('prediction').textContent = render(body.predictions[0]);
      const fromCache = body.cache[0] === 'hit';
      out('source').innerHTML = '';
      const badge = document.createElement('span');
      badge.className = 'badge';
      badge.id = 'source-badge';
      badge.textContent = fromCache ? 'from the cache' : body.cache[0] === 'bypass' ? 'by the model (cache unavailable)' : 'by the model';
      out('source').appendChild(badge);
      out('elapsed').textContent = `${Math.round(performance.now() - started)} ms`;
      out('model').textContent = body.deployedModelId ? `deployed model ${body.deployedModelId}` : 'unknown';
      empty.hidden = true;
      details.hidden = false;
    } catch (err) {
      showError(`the service could not be reached: ${err.message}`);
    } finally {
      submit.disabled = false;
    }
  });
})();
