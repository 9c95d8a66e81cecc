// The report page's HTML shell: a strict Content-Security-Policy with a fresh nonce, one stylesheet
// and one script, both from the extension's own folders. No `vscode` import, so the browser test of
// the page serves exactly this HTML.
import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** `webview.cspSource`: the origin the webview serves the extension's files from. */
  cspSource: string;
  /** URIs of dist/webview.js and media/report.css, as the webview loads them. */
  scriptUri: string;
  styleUri: string;
  /** A fresh value for every render; `newNonce()`. */
  nonce: string;
}

/** 128 random bits, base64: what a CSP nonce should be (a value an attacker cannot guess). */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `img-src ${cspSource} data:`].join('; ');
}

export function reportPageHtml(r: PageResources): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(r.cspSource, r.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(r.styleUri)}">
<title>CostLens: Cost Report</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="placeholder">Loading the cost report…</p></main>
<script nonce="${attr(r.nonce)}" src="${attr(r.scriptUri)}"></script>
</body>
</html>
`;
}
