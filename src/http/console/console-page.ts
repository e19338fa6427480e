/**
 * The console's one HTML page. Everything it loads comes from the hub (assets under
 * graphql/console/assets/), and its Content-Security-Policy says so to the browser as well: on an
 * intranet there is no CDN to reach, and no page of the hub should ever try one.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL (React) sets style attributes; its fonts are inlined as data: URLs
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function consolePage(assetVersion: string): string {
  const asset = (name: string) => `graphql/console/assets/${name}?v=${assetVersion}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wagewatch console</title>
<link rel="stylesheet" href="${asset('graphiql.css')}">
<link rel="stylesheet" href="${asset('console.css')}">
</head>
<body>
<header id="ww-bar">
  <strong>wagewatch console</strong>
  <form id="ww-token-form" autocomplete="off">
    <label for="ww-token">Bearer token</label>
    <input id="ww-token" name="token" type="password" placeholder="paste a token (npm run token)" spellcheck="false">
    <button id="ww-use-token" type="submit">Use token</button>
  </form>
  <label for="ww-documents">Registered documents</label>
  <select id="ww-documents" disabled><option value="">(paste a token first)</option></select>
  <span id="ww-status" role="status"></span>
</header>
<main id="ww-graphiql"></main>
<script src="${asset('react.js')}"></script>
<script src="${asset('react-dom.js')}"></script>
<script src="${asset('graphiql.js')}"></script>
<script src="${asset('console.js')}"></script>
</body>
</html>
`;
}
