import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { LETTER_KINDS, LetterRenderer } from '../../../src/letters/render.js';
import { LETTER_CSP, sanitizeLetterHtml } from '../../../src/letters/sanitize.js';
import { sanitizeStylesheet } from '../../../src/letters/sanitizeCss.js';
import { checkTemplate, issueText } from '../../../src/letters/templatePolicy.js';
import { sampleModel } from '../../../src/letters/templates.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';
import { ATTACKS, externalReferences } from './attacks.js';

const LETTERS_DIR = path.join(PROJECT_ROOT, 'views', 'letters');
const file = (f: string) => fs.readFileSync(path.join(LETTERS_DIR, f), 'utf8');

describe('Issue 10 #7: a letter stays inside (the rendered HTML is sanitized from an allow-list)', () => {
  const renderer = new LetterRenderer(LETTERS_DIR);
  const decision = renderer.render('decision', sampleModel('decision')).html;

  describe('every attack class, planted where a template would put it', () => {
    for (const attack of ATTACKS) {
      it(`${attack.name}: the sanitized letter has no external reference; the template policy refuses it before a save`, () => {
        const planted = attack.where === 'head' ? decision.replace('</head>', `${attack.html}</head>`) : decision.replace('<h2>', `${attack.html}<h2>`);
        expect(externalReferences(planted), 'the attack is live before sanitizing').to.not.deep.equal([]);
        const clean = sanitizeLetterHtml(planted);
        expect(externalReferences(clean), clean).to.deep.equal([]);
        // The letter itself is still all there.
        expect(clean).to.include('Zahtevi se delno ugodi.').and.include('Pravni pouk:').and.include('<style>');

        const template = attack.where === 'head' ? file('layout.hbs').replace('</head>', `${attack.html}\n</head>`) : `${file('decision.hbs')}\n${attack.html}`;
        const issues = checkTemplate(attack.where === 'head' ? 'layout' : 'decision', template);
        expect(issues.map(issueText), 'early feedback in the editor').to.not.deep.equal([]);
      });
    }
  });

  it('the letters as the templates write them come out unchanged in content: text, classes, the stylesheet; sanitizing twice changes nothing', () => {
    for (const kind of LETTER_KINDS) {
      const html = renderer.render(kind, sampleModel(kind)).html;
      expect(sanitizeLetterHtml(html), kind).to.equal(html);
      expect(externalReferences(html), kind).to.deep.equal([]);
    }
    expect(decision).to.include('<header class="letterhead">').and.include('<p class="outcome">').and.include('<div class="legal">');
    expect(decision).to.include('font-family: "DejaVu Sans", Arial, sans-serif;').and.include('.letterhead .meta { grid-column: 1 / 3; }');
  });

  it('keeps mailto: links and plain inline styles; text that looks like markup stays text', () => {
    const out = sanitizeLetterHtml('<p style="color: #333; font-weight: bold; position: fixed">Pišite na <a href=" mailto:dpo@zzzs.si" target="_blank" rel="opener">dpo@zzzs.si</a> &lt;script&gt;</p>');
    expect(out).to.equal('<p style="color: #333; font-weight: bold;">Pišite na <a href="mailto:dpo@zzzs.si">dpo@zzzs.si</a> &lt;script&gt;</p>');
  });

  it('rebuilds a stylesheet from its checked rules: at-rules, nested blocks, escapes and url() go, the rest stays', () => {
    const { css, removed } = sanitizeStylesheet('h1{color:red} @media print { h1 { color: black } } p { margin: 0; background: url(x.png) } a\\:b { color: blue } /* c */ li{padding-left:1em}');
    expect(css).to.equal('\n  h1 { color: red; }\n  p { margin: 0; }\n  li { padding-left: 1em; }\n');
    expect(removed.map((r) => r.what)).to.deep.equal(['@media print', 'background', 'a\\:b']);
  });

  it('the letter pages\' policy: nothing but the letter\'s own styles, no scripts, no forms, framed only by our own pages', () => {
    const directives = Object.fromEntries(LETTER_CSP.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v.join(' ')]));
    expect(directives).to.deep.equal({
      'default-src': "'none'", 'style-src': "'unsafe-inline'", 'base-uri': "'none'", 'form-action': "'none'", 'frame-ancestors': "'self'", sandbox: '',
    });
  });
});
