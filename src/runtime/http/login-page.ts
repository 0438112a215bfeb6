import { esc } from '../insight/svg.js';

/** The dashboard's login form: the token goes in a POST body, never in a URL. */
export function loginPage(problem?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Handoff dashboard: log in</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:10vh auto;padding:0 1rem;color:#1a1a1a}label{display:block;margin:.8em 0 .2em;font-weight:600}
input{font:inherit;width:100%;padding:6px}button{font:inherit;margin-top:1em;background:#0072B2;color:#fff;border:0;border-radius:4px;padding:8px 18px}
:focus-visible{outline:3px solid #E69F00;outline-offset:2px}.problem{border-left:4px solid #D55E00;padding-left:8px}</style></head>
<body><main><h1>Handoff dashboard</h1><p>The dashboard shows people's names and pipeline figures. Log in with the server's access token (HANDOFF_HTTP_TOKEN); the session lasts 12 hours.</p>
${problem ? `<p class="problem" role="alert"><strong>Not logged in:</strong> ${esc(problem)}</p>` : ''}
<form method="post" action="/dashboard/login"><label for="token">Access token</label><input id="token" name="token" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button></form></main></body></html>
`;
}
