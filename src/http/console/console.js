/* global document, sessionStorage, fetch, React, ReactDOM, GraphiQL */
// The console's glue: a token field (kept in sessionStorage, so it goes with the tab), the
// registered documents to pick from, and GraphiQL with a fetcher that sends a registered document
// by its id (documentId) and anything else as text, which the hub runs as TRUSTED_DOCUMENTS says.
(function () {
  'use strict';
  var TOKEN_KEY = 'wagewatch.console.token';
  var endpoint = 'graphql';
  var tokenInput = document.getElementById('ww-token');
  var picker = document.getElementById('ww-documents');
  var status = document.getElementById('ww-status');
  var root = ReactDOM.createRoot(document.getElementById('ww-graphiql'));
  var token = sessionStorage.getItem(TOKEN_KEY) || '';
  var documents = [];
  var schema = null;
  var generation = 0;

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? 'ww-error' : '';
  }

  function authHeaders() {
    return token ? { authorization: 'Bearer ' + token } : {};
  }

  function fetcher(params) {
    var registered = documents.find(function (d) {
      return d.body === params.query;
    });
    var body = registered
      ? {
          documentId: 'sha256:' + registered.id,
          variables: params.variables,
          operationName: params.operationName,
        }
      : params;
    return fetch(endpoint, {
      method: 'POST',
      headers: Object.assign(
        { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
        authHeaders(),
      ),
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json();
    });
  }

  // A new key mounts GraphiQL afresh: how a picked document replaces the editor's text.
  function render(query, variables) {
    generation += 1;
    root.render(
      React.createElement(GraphiQL, {
        key: generation,
        fetcher: fetcher,
        schema: schema,
        query: query,
        variables: variables,
        defaultQuery: '# Paste a token above, then pick a registered document or write a query.\n',
        isHeadersEditorEnabled: false,
        shouldPersistHeaders: false,
        // history and tabs stay in this tab only: queries may name people
        storage: sessionStorage,
      }),
    );
  }

  function getJson(path) {
    return fetch(endpoint + '/console/' + path, { headers: authHeaders() }).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok) throw new Error(json.message || res.status + ' ' + res.statusText);
        return json;
      });
    });
  }

  function fillPicker() {
    picker.innerHTML = '';
    var first = document.createElement('option');
    first.value = '';
    first.textContent = documents.length ? '(pick one: ' + documents.length + ')' : '(none)';
    picker.appendChild(first);
    documents.forEach(function (d) {
      var option = document.createElement('option');
      option.value = d.id;
      option.textContent = d.name + ' (' + d.type + ')';
      picker.appendChild(option);
    });
    picker.disabled = documents.length === 0;
  }

  function useToken() {
    if (!token) {
      say('no token: paste one (npm run token -- --org HRSS --district 210500)', true);
      return;
    }
    say('checking the token…');
    getJson('session')
      .then(function (session) {
        documents = session.documents;
        fillPicker();
        say(
          session.caller.org +
            ' ' +
            session.caller.district +
            ' · TRUSTED_DOCUMENTS=' +
            session.mode +
            (session.adhoc
              ? ' · ad-hoc queries run for this token'
              : ' · this token runs registered documents only'),
        );
        return session.schema ? getJson('schema') : null;
      })
      .then(function (introspection) {
        schema = introspection;
        render(undefined);
      })
      .catch(function (err) {
        documents = [];
        fillPicker();
        say(err.message, true);
      });
  }

  document.getElementById('ww-token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    token = tokenInput.value.trim();
    sessionStorage.setItem(TOKEN_KEY, token);
    useToken();
  });
  picker.addEventListener('change', function () {
    var picked = documents.find(function (d) {
      return d.id === picker.value;
    });
    if (picked) render(picked.body, picked.variables || '{}');
  });

  tokenInput.value = token;
  render(undefined);
  if (token) useToken();
})();
