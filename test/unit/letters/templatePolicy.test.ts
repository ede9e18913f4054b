import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ALLOWED_BLOCK_HELPERS, LETTER_FIELDS, TEMPLATE_NAMES, checkTemplate, fieldsFor, issueText, type TemplateName } from '../../../src/letters/templatePolicy.js';
import { TEMPLATE_FILES } from '../../../src/letters/templates.js';
import { PROJECT_ROOT } from '../../support/serverProcess.js';

/** The messages of a check, as the editor and the API show them. */
const issues = (name: TemplateName, source: string) => checkTemplate(name, source).map(issueText);

/** Exactly one issue, at this line and column, whose message includes `words`. */
function refused(name: TemplateName, source: string, line: number, column: number, words: string) {
  const found = checkTemplate(name, source);
  expect(found, `${source} → ${JSON.stringify(found.map(issueText))}`).to.have.length.greaterThan(0);
  const hit = found.find((i) => i.message.includes(words));
  expect(hit, `an issue with "${words}" in ${JSON.stringify(found.map(issueText))}`).to.exist;
  expect([hit!.line, hit!.column], issueText(hit!)).to.deep.equal([line, column]);
  expect(issueText(hit!)).to.match(new RegExp(`^vrstica ${line}, stolpec ${column}: `));
}

describe('Unit: the letter template policy (issue 7 item 4)', () => {
  describe('the letters as they are', () => {
    for (const name of TEMPLATE_NAMES) {
      it(`views/letters/${TEMPLATE_FILES[name]} passes (it is the seed of version 1)`, () => {
        const source = fs.readFileSync(path.join(PROJECT_ROOT, 'views', 'letters', TEMPLATE_FILES[name]), 'utf8');
        expect(issues(name, source)).to.deep.equal([]);
      });
    }

    it('the allow-list is exactly what the letters use: the blocks if and each', () => {
      expect(ALLOWED_BLOCK_HELPERS).to.deep.equal(['if', 'each']);
      const all = TEMPLATE_NAMES.map((n) => fs.readFileSync(path.join(PROJECT_ROOT, 'views', 'letters', TEMPLATE_FILES[n]), 'utf8')).join('\n');
      const blocks = new Set([...all.matchAll(/\{\{#([a-zA-Z]+)/g)].map((m) => m[1]));
      expect([...blocks].sort()).to.deep.equal(['each', 'if']);
      const partials = new Set([...all.matchAll(/\{\{>\s*([a-zA-Z]+)/g)].map((m) => m[1]));
      expect([...partials].sort()).to.deep.equal(['letterhead', 'signature']);
    });
  });

  describe('unescaped output', () => {
    it('refuses {{{ }}} in a letter, with its line and column', () => {
      refused('decision', '<p>Spoštovani,</p>\n<p>{{caseNumber}}</p>\n<p>  {{{reasoning}}}</p>', 3, 6, 'neubežan izpis');
    });
    it('refuses {{& }} as well', () => {
      refused('acknowledgement', '<p>{{& subjectName}}</p>', 1, 4, 'neubežan izpis');
    });
    it('allows the layout its body, escaped or triple-stashed, and nothing else unescaped', () => {
      const layout = fs.readFileSync(path.join(PROJECT_ROOT, 'views', 'letters', 'layout.hbs'), 'utf8');
      expect(issues('layout', layout.replace('{{body}}', '{{{body}}}'))).to.deep.equal([]);
      const line = layout.split('\n').findIndex((l) => l.startsWith('<h1>{{subjectLine}}</h1>')) + 1;
      refused('layout', layout.replace('<h1>{{subjectLine}}</h1>', '<h1>{{{subjectLine}}}</h1>'), line, 5, 'dovoljen le za {{body}}');
    });
    it('a letter template has no body to print', () => {
      refused('decision', '<div>{{{body}}}</div>', 1, 6, 'neubežan izpis');
      refused('decision', '<div>{{body}}</div>', 1, 6, 'ima le predloga »layout«');
    });
    it('the layout must place the body exactly once', () => {
      refused('layout', '<html><body><main></main></body></html>', 1, 1, 'mora vsebovati {{body}}');
      refused('layout', '{{body}}{{body}}', 1, 1, 'le enkrat');
    });
  });

  describe('helpers beyond the allow-list', () => {
    for (const [source, column, words] of [
      ['<p>{{lookup recipient "name"}}</p>', 4, 'pomočnik »lookup« ni dovoljen'],
      ['<p>{{log caseNumber}}</p>', 4, 'pomočnik »log« ni dovoljen'],
      ['{{#with recipient}}{{name}}{{/with}}', 1, 'blok »with« ni dovoljen'],
      ['{{#unless refused}}ugodeno{{/unless}}', 1, 'blok »unless« ni dovoljen'],
      ['{{#recipient}}{{name}}{{/recipient}}', 1, 'blok »recipient« ni dovoljen'],
      ['{{{{raw}}}}{{caseNumber}}{{{{/raw}}}}', 1, 'blok »raw« ni dovoljen'],
      ['{{if refused "da" "ne"}}', 1, 'se uporablja le kot blok'],
      ['{{#if (lookup recipient "name")}}x{{/if}}', 7, 'podizrazi'],
      ['{{#if refused feeText}}x{{/if}}', 1, 'natanko eno polje'],
    ] as const) {
      it(`refuses ${source}`, () => refused('decision', source, 1, column, words));
    }
  });

  describe('partials, partial blocks, inline partials and decorators', () => {
    it('refuses a partial block', () => refused('decision', '<p>x</p>\n{{#> letterhead}}nadomestek{{/letterhead}}', 2, 1, 'blok delne predloge'));
    it('refuses an inline partial', () => refused('decision', '{{#*inline "glava"}}<p>x</p>{{/inline}}', 1, 1, 'vgrajene delne predloge'));
    it('refuses a decorator', () => refused('decision', '{{* decorate}}', 1, 1, 'dekoratorji'));
    it('refuses a partial that does not exist, and a computed one', () => {
      refused('decision', '{{> footer}}', 1, 1, 'delna predloga »footer« ne obstaja');
      refused('decision', '{{> (lookup . "name")}}', 1, 1, 'ne obstaja');
    });
    it('refuses a partial inside a partial (it could call itself for ever) and partials with another context', () => {
      refused('letterhead', '<header>{{> letterhead}}</header>', 1, 9, 'ne sme vključevati');
      refused('decision', '{{> signature recipient}}', 1, 1, 'drugega konteksta');
    });
    it('allows letterhead and signature in the layout and in a letter', () => {
      expect(issues('decision', '{{> letterhead}}<p>x</p>{{> signature}}')).to.deep.equal([]);
    });
  });

  describe('fields of the letter model', () => {
    it('refuses an unknown field and suggests the near one', () => {
      refused('decision', '<p>Zadeva {{caseNumbr}}</p>', 1, 11, 'polje »caseNumbr« ne obstaja v modelu dopisa (ste mislili »caseNumber«?)');
    });
    it('refuses an unknown field of a group', () => {
      refused('decision', '{{recipient.adress}}', 1, 1, 'ne obstaja v skupini »recipient« (ste mislili »address«?)');
      refused('decision', '{{sender.fax}}', 1, 1, 'ne obstaja v skupini »sender«');
    });
    it('knows which fields only one letter has', () => {
      expect(issues('recipient_notification', '{{actionText}}{{#each recipients}}{{name}}{{#if notifiedOnText}}, {{notifiedOnText}}{{/if}}{{/each}}')).to.deep.equal([]);
      refused('decision', '{{#each recipients}}{{name}}{{/each}}', 1, 9, 'ima le predloga »recipient_notification«');
    });
    it('checks fields inside each: items of a list of texts are {{this}}, parents are ../', () => {
      refused('remedy_request', '{{#each missing}}<li>{{name}}</li>{{/each}}', 1, 22, 'so besedila');
      refused('recipient_notification', '{{#each recipients}}{{nme}}{{/each}}', 1, 21, 'v elementu seznama »recipients«');
      expect(issues('remedy_request', '{{#each missing}}<li>{{this}} ({{../caseNumber}}, {{@root.caseNumber}}, {{@index}})</li>{{else}}{{caseNumber}}{{/each}}')).to.deep.equal([]);
      expect(issues('remedy_request', '{{#each missing as |m i|}}{{i}}. {{m}}{{/each}}')).to.deep.equal([]);
      refused('remedy_request', '{{#each missing}}{{../../caseNumber}}{{/each}}', 1, 18, 'preveč ../');
    });
    it('refuses printing a group or a list as a whole, and each over something that is no list', () => {
      refused('decision', '{{recipient}}', 1, 1, 'je skupina polj');
      refused('decision', '{{groundsText}}', 1, 1, 'je seznam');
      refused('decision', '{{#each caseNumber}}x{{/each}}', 1, 9, 'ni seznam');
      expect(issues('decision', '{{#if groundsText.length}}{{groundsText.length}}{{/if}}')).to.deep.equal([]);
    });
    it('refuses data variables outside each and unknown ones', () => {
      refused('decision', '{{@index}}', 1, 1, 'le znotraj {{#each}}');
      refused('decision', '{{@partial-block}}', 1, 1, 'ne obstaja');
    });
    it('the field list names every field once, the layout alone has body', () => {
      const names = LETTER_FIELDS.map((f) => f.name);
      expect(new Set(names).size).to.equal(names.length);
      expect(fieldsFor('layout').map((f) => f.name)).to.include('body');
      expect(fieldsFor('decision').map((f) => f.name)).to.not.include('body').and.not.include('recipients');
    });
  });

  describe('the HTML around the fields', () => {
    it('refuses <script>', () => refused('decision', '<p>x</p>\n<script>alert(1)</script>', 2, 1, 'element <script>'));
    it('refuses other active or embedded content', () => {
      refused('decision', '<iframe src="/x"></iframe>', 1, 1, 'element <iframe>');
      refused('decision', '<object data="x"></object>', 1, 1, 'element <object>');
      refused('layout', '<meta http-equiv="refresh" content="0">{{body}}', 1, 1, 'element <meta>');
    });
    it('refuses on…= event attributes, also split by a block', () => {
      refused('decision', '<p class="x" onclick="alert(1)">x</p>', 1, 14, 'atribut »onclick«');
      refused('decision', '<p {{#if refused}}onmouseover="x"{{/if}}>x</p>', 1, 19, 'atribut »onmouseover«');
      refused('decision', '<img src="/a.png"\n     ONERROR = "x">', 2, 6, 'atribut »ONERROR«');
    });
    it('refuses javascript: addresses, also hidden by entities', () => {
      refused('decision', '<a href="javascript:alert(1)">x</a>', 1, 10, 'javascript:');
      refused('decision', '<a href="&#106;avascript&#58;alert(1)">x</a>', 1, 10, 'javascript:');
    });
    it('refuses resources from elsewhere: http(s):// or // in src and href, url() and @import in CSS', () => {
      refused('decision', '<img src="https://example.com/logo.png">', 1, 6, 'zunanji vir v atributu »src«');
      refused('decision', '<a href="http://www.ip-rs.si">IP</a>', 1, 4, 'zunanji vir v atributu »href«');
      refused('decision', "<img src='//cdn.example.com/x.png'>", 1, 6, 'zunanji vir');
      refused('layout', '<style>body { background: url("https://x/y.png") }</style>{{body}}', 1, 27, 'url(');
      refused('layout', '<style>@import "x.css";</style>{{body}}', 1, 8, '@import');
    });
    it('refuses a field printed into an address, a style or an event (escaping does not make those safe)', () => {
      refused('decision', '<a href="{{recipient.email}}">x</a>', 1, 10, 'atribut »href«');
      refused('decision', '<p style="color: {{kind}}">x</p>', 1, 18, 'atribut »style«');
      refused('layout', '<style>h1 { color: {{kind}} }</style>{{body}}', 1, 20, '<style>');
      expect(issues('decision', '<p class="outcome {{kind}}" title="{{caseNumber}}">x</p><a href="mailto:dpo@zzzs.si">dpo@zzzs.si</a>')).to.deep.equal([]);
    });
  });

  describe('syntax', () => {
    it('a block left open: the line where the text ends', () => {
      refused('decision', '<p>\n{{#if feeText}}\n<p>{{feeText}}</p>\n', 4, 1, 'manjka zaključna oznaka');
    });
    it('a block closed by the wrong name', () => refused('decision', '<p>x</p>\n{{#if refused}}x{{/each}}', 2, 4, 'ne ustreza odprtemu bloku {{#if}}'));
    it('a closing tag without its block', () => refused('decision', '<p>x</p>\n{{/if}}', 2, 1, 'brez odprtega bloka'));
    it('a broken expression', () => refused('decision', '<p>{{ caseNumber</p>', 1, 7, 'neveljaven izraz'));
    it('line ends of a textarea (CRLF) count like the file\'s', () => {
      refused('decision', '<p>x</p>\r\n<p>{{{reasoning}}}</p>', 2, 4, 'neubežan izpis');
    });
    it('a text too long is refused before it is parsed', () => {
      refused('decision', 'x'.repeat(100_001), 1, 1, 'predolga');
    });
  });
});
