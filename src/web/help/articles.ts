/**
 * N19.1: the instruction (NAVODILO, NAVODILO of 26. 2. 2020) article by
 * article, in our own plain words: what it requires, where the system does it, and the time limits
 * that apply. Rendered by views/pages/help.hbs; the office hours come from src/domain/officeHours.ts.
 */

export interface Place {
  /** What to open or what happens, in a few words. */
  text: string;
  /** A page to open, when there is one to link. */
  href?: string;
}

export interface Article {
  number: number;
  title: string;
  /** What the article requires, in plain Slovenian (not the wording of the instruction). */
  requires: string[];
  /** Where the system does it: page, task, letter, automatic step. */
  where: Place[];
  /** The time limits that apply, if any. */
  deadlines: string[];
  /** Requirement ids of docs/requirements.md. */
  requirements: string[];
}

export const ARTICLES: Article[] = [
  {
    number: 1,
    title: 'Katere pravice lahko posameznik uveljavlja',
    requires: [
      'Posameznik lahko od Zavoda zahteva: potrditev, ali Zavod obdeluje njegove osebne podatke, in dostop do njih (15. člen Splošne uredbe); popravek netočnih ali dopolnitev nepopolnih podatkov, tudi z dopolnilno izjavo (16. člen); izbris (17. člen); omejitev obdelave (18. člen); ugovor obdelavi, ki jo Zavod izvaja pri nalogah v javnem interesu (21. člen). Ena zahteva lahko uveljavlja več pravic hkrati.',
      'Kadar Zavod na zahtevo podatke popravi, izbriše ali omeji njihovo obdelavo, o tem obvesti vsakega uporabnika, ki so mu bili podatki razkriti, razen če je to nemogoče ali bi zahtevalo nesorazmeren napor (razlog se zapiše). Če posameznik želi, mu Zavod pove, kdo so ti uporabniki.',
    ],
    where: [
      { text: 'Obrazec »Nova zahteva«: izbira ene ali več pravic.', href: '/requests/new' },
      { text: 'Naloga »Obvesti uporabnike« se odpre po odločitvi o popravku, izbrisu ali omejitvi; za vsakega uporabnika vpišete datum obvestila ali razlog, zakaj to ni mogoče.', href: '/tasks' },
      { text: 'Dopis »Obvestilo o obveščenih uporabnikih« posamezniku.' },
    ],
    deadlines: ['Popravek in izbris brez nepotrebnega odlašanja; odločitev v roku iz 8. člena.'],
    requirements: ['N1.1', 'N1.2'],
  },
  {
    number: 2,
    title: 'Kako se zahteva vloži',
    requires: [
      'Zahtevo je mogoče vložiti pisno po pošti ali osebno na naslovu Zavod za zdravstveno zavarovanje Slovenije, Miklošičeva cesta 24, 1507 Ljubljana, ali elektronsko na DI@zzzs.si oziroma na naslov pooblaščene osebe za varstvo podatkov dpo@zzzs.si. Zahteve, ki prispejo v predale območnih enot, se posredujejo naprej in obravnavajo enako.',
    ],
    where: [
      { text: 'Obrazec »Nova zahteva«: način prejema (pošta, osebno, e-pošta) in pri e-pošti predal, v katerega je zahteva prispela.', href: '/requests/new' },
      { text: 'Zahteva, vložena osebno zunaj uradnih ur, se evidentira in označi, da jo pooblaščena oseba opazi (uradne ure so spodaj).' },
    ],
    deadlines: [],
    requirements: ['N2.1', 'S1.1', 'S1.2'],
  },
  {
    number: 3,
    title: 'Evidentiranje zahteve in potrdilo o prejemu',
    requires: [
      'Enota, ki sprejema pošto, vsako zahtevo evidentira v evidenci dokumentarnega gradiva: odpre novo zadevo, jo razvrsti s klasifikacijskim znakom in jo preda pooblaščeni osebi za varstvo podatkov.',
      'Če posameznik to želi, mu Zavod potrdi prejem zahteve (42. člen Uredbe o upravnem poslovanju).',
    ],
    where: [
      { text: 'Obrazec »Nova zahteva« odpre zadevo s številko oblike klasifikacijski znak-zaporedna številka/leto (npr. 0072-15/2026) in začne postopek.', href: '/requests/new' },
      { text: 'Če je označeno »posameznik želi potrdilo o prejemu«, sistem sam izda dopis »Potrdilo o prejemu zahteve«.' },
      { text: 'Zadeva se takoj pojavi med nalogami pooblaščene osebe.', href: '/tasks' },
    ],
    deadlines: ['Od dneva prejema tečejo vsi roki; zadržanje podatkov (14. člen) velja od trenutka prejema.'],
    requirements: ['N3.1', 'N3.2'],
  },
  {
    number: 4,
    title: 'Preverjanje popolnosti zahteve',
    requires: [
      'Pooblaščena oseba preveri, ali zahteva vsebuje vse, kar je potrebno za odločanje. Zahteva mora biti razumljiva in razumna ter naj vsebuje identifikacijske podatke posameznika in podatke iz obrazca »Zahteva za seznanitev z lastnimi osebnimi podatki«; kadar je pomembno še: katero pravico uveljavlja, kateri ukrep želi (npr. popravek, izbris, omejitev) in podatke o pooblaščencu ali zakonitem zastopniku.',
    ],
    where: [
      { text: 'Naloga »Preveri popolnost zahteve«: odgovorite, ali je zahteva popolna; če ni, naštejete, kaj manjka. Pravila »completeness« ob obrazcu povedo, kaj po njihovi oceni manjka; zahteve, ki ji pravila kaj očitajo, ni mogoče potrditi kot popolne.', href: '/tasks' },
    ],
    deadlines: ['Preverjanje in morebitni poziv k dopolnitvi v 5 delovnih dneh od prejema (6. člen).'],
    requirements: ['N4.1'],
  },
  {
    number: 5,
    title: 'Ugotavljanje upravičenosti: omejitve in zbirke',
    requires: [
      'Pooblaščena oseba preveri, ali za zahtevano pravico velja zakonska omejitev po 23. členu Splošne uredbe in v katerih zbirkah Zavoda je posameznik evidentiran. To stori sama in skupaj z odgovornimi osebami zbirk, v katerih bi glede na zahtevo lahko bili podatki posameznika.',
    ],
    where: [
      { text: 'Naloga »Preveri zbirke in omejitve po 23. členu GDPR« za skrbnike zbirk (ali pooblaščeno osebo): zbirke, v katerih je posameznik, in ali velja omejitev. Skrbniki zbirk jo vidijo na pregledu in med nalogami.', href: '/tasks' },
    ],
    deadlines: ['Do roka za odločitev (8. člen); nalogo je treba opraviti pravočasno, da ostane čas za odločitev.'],
    requirements: ['N5.1'],
  },
  {
    number: 6,
    title: 'Nepopolna zahteva: poziv k dopolnitvi',
    requires: [
      'Nepopolne ali nerazumljive zahteve samo zaradi tega ni dovoljeno zavreči. Pooblaščena oseba mora posamezniku najpozneje v petih delovnih dneh od prejema poslati poziv, naj zahtevo dopolni v določenem roku.',
      'Rok za dopolnitev ne sme biti krajši od petih delovnih dni od dneva, ko posameznik poziv prejme. Če posameznik v roku ne dopolni zahteve, jo Zavod zavrže ali mu pisno sporoči, da je ne bo obravnaval.',
      'Če posameznik zahtevo dopolni pravočasno, se šteje, da je bila vložena na dan, ko je Zavod prejel dopolnitev: od tega dne tečejo vsi nadaljnji roki.',
    ],
    where: [
      { text: 'Naloga »Preveri popolnost zahteve«, odgovor »ni popolna«: naštejete, kaj manjka, in po želji rok. Sistem izda dopis »Poziv k dopolnitvi zahteve«; pri pošti prišteje predvideni čas vročitve, krajšega roka od zakonskega ne sprejme.', href: '/tasks' },
      { text: 'Pregled, seznam »Čaka na dopolnitev«: zadeve s poslanim pozivom in rokom.', href: '/' },
      { text: 'Stran zadeve, dejanje »Dopolnitev prispela«: vpišete čas prejema dopolnitve; sistem premakne dan vložitve in znova izračuna roke. Dopolnitve po roku ne sprejme.' },
      { text: 'Rok za dopolnitev začne teči, ko je vročitev poziva evidentirana: povratnica na strani »Pisma« ali odpošiljanje e-pošte. Dokler poziv leži v čakalni vrsti, rok ne teče.', href: '/letters' },
      { text: 'Ko rok za dopolnitev poteče, dobi pooblaščena oseba nalogo »Izdaj sklep o zavrženju«; ko ga izda, sistem pošlje dopis »Sklep o zavrženju zahteve«. Dopolnitev, prejeto v roku, a evidentirano pozneje, sistem sprejme, dokler sklep ni izdan; nalogo tedaj zapre. Zavrženo zadevo lahko pooblaščena oseba z razlogi ponovno odpre.', href: '/tasks' },
    ],
    deadlines: [
      'Poziv k dopolnitvi: najpozneje 5 delovnih dni od prejema zahteve.',
      'Rok za dopolnitev: najmanj 5 delovnih dni od dneva, ko posameznik prejme poziv.',
      'Po pravočasni dopolnitvi vsi roki tečejo znova od dneva dopolnitve.',
    ],
    requirements: ['N6.1', 'N6.2', 'N6.3'],
  },
  {
    number: 7,
    title: 'Ugotavljanje istovetnosti',
    requires: [
      'Da potrdi, kdo je vložil zahtevo, sme pooblaščena oseba zahtevati dodatne podatke, tudi vpogled v uradni osebni dokument.',
      'Pri zahtevah po e-pošti je istovetnost mogoče ugotoviti tudi z varnim elektronskim podpisom s kvalificiranim potrdilom, s potrditvijo zahteve v papirni obliki ali osebno, ali tako, da se odločitev osebno vroči na uradni naslov posameznika ali na naslov iz zbirk Zavoda.',
    ],
    where: [
      { text: 'Naloga »Ugotovi istovetnost«: izberete način (e-podpis, osebni dokument, potrditev na papirju ali osebno, osebna vročitev, ujemanje z evidencami). Pravila »identity-sufficiency« ob obrazcu povedo, ali izbrani način za ta način vložitve zadošča; če ne, gre zadeva v poziv k dopolnitvi.', href: '/tasks' },
      { text: 'Telefon: podatkov o postopku ne povemo, dokler klicatelj ne navede vsaj dveh ustreznih identifikatorjev (stran »Telefon«).', href: '/phone' },
    ],
    deadlines: ['Čas za ugotavljanje istovetnosti je del roka za odločitev (8. člen).'],
    requirements: ['N7.1', 'N7.2', 'S2.1'],
  },
  {
    number: 8,
    title: 'Rok za odločitev in podaljšanje',
    requires: [
      'Zavod mora o zahtevi odločiti brez nepotrebnega odlašanja, najpozneje v enem mesecu od prejema.',
      'Zaradi zapletenosti ali števila zahtev se rok lahko podaljša za največ dva dodatna meseca. O podaljšanju mora pooblaščena oseba posameznika obvestiti še v prvem mesecu, z razlogi za zamudo in s pravnim poukom.',
    ],
    where: [
      { text: 'Rok za odločitev je na strani zadeve, z razlago, kako je izračunan.' },
      { text: 'Pregled: »Kmalu poteče« (rok v 3 delovnih dneh), »Zamujeno« in »Tveganje molka« (rok v 5 delovnih dneh, zadeva pa še ni pri odločanju). Tri delovne dni pred rokom sistem zapiše opomnik.', href: '/' },
      { text: 'Stran zadeve, dejanje »Podaljšanje roka« (1 ali 2 meseca, z razlogi): sistem izda »Obvestilo o podaljšanju roka«. Po izteku prvega meseca podaljšanja ne dovoli.' },
      { text: 'Evidenca, letna statistika: delež odločitev v roku in mediana dni do odločitve.', href: '/register' },
    ],
    deadlines: [
      'Odločitev: 1 mesec od prejema (po dopolnitvi od dneva dopolnitve).',
      'Podaljšanje: za največ 2 meseca, šteto od prvotnega dneva vložitve; obvestilo o podaljšanju v prvem mesecu.',
    ],
    requirements: ['N8.1', 'N8.2'],
  },
  {
    number: 9,
    title: 'Pisni odgovor',
    requires: [
      'Ko je ugotavljanje končano in so izvedeni ukrepi, o katerih je bilo odločeno, pooblaščena oseba pripravi pisni odgovor posamezniku.',
    ],
    where: [
      { text: 'Naloga »Odloči o zahtevi«: izid, razlogi in obrazložitev. Sistem iz tega pripravi dopis »Odločitev o zahtevi«, ga shrani nespremenljivo z zgoščeno vrednostjo in ga pokaže na strani zadeve (HTML in PDF).', href: '/tasks' },
    ],
    deadlines: ['V roku za odločitev (8. člen).'],
    requirements: ['N9.1'],
  },
  {
    number: 10,
    title: 'Jasen jezik in oblika odgovora',
    requires: [
      'Informacije in sporočila morajo biti točni, razumljivi, lahko dostopni ter napisani v jasnem in preprostem jeziku. Praviloma se posredujejo v obliki, v kateri je zahteva prispela: na papirno zahtevo odgovorimo na papirju, na elektronsko po elektronski poti.',
    ],
    where: [
      { text: 'Vsi dopisi so pripravljene predloge v preprostem jeziku. Pot dopisa (e-pošta ali pošta) se določi iz načina vložitve, razen če je na obrazcu »Nova zahteva« izbrano drugače (»Odgovor po«).', href: '/requests/new' },
    ],
    deadlines: [],
    requirements: ['N10.1'],
  },
  {
    number: 11,
    title: 'Odločitev: obrazložitev in pravni pouk',
    requires: [
      'Zavod odloči s pisnim obvestilom, ki pojasni razloge za odločitev in pove, da se posameznik lahko pritoži.',
      'Če je bila zahteva vložena elektronsko, posameznik dobi obvestilo po isti elektronski poti, razen če navede drug kontaktni naslov.',
    ],
    where: [
      { text: 'Naloga »Odloči o zahtevi« zahteva obrazložitev; dopis »Odločitev o zahtevi« vsebuje razloge in pravni pouk o pritožbi.', href: '/tasks' },
      { text: 'Stran zadeve, dejanje »Vročitev«: vpišete dan, ko je posameznik prejel odločitev; od tega dne tečeta roka za pojasnilo in pritožbo.' },
    ],
    deadlines: [],
    requirements: ['N11.1'],
  },
  {
    number: 12,
    title: 'Zahteva za pojasnilo',
    requires: [
      'Če posameznik po prejemu odločitve meni, da ni dobil podatkov, ki jih je zahteval, ali ne vseh, lahko pred pritožbo v osmih dneh od prejema odločitve zahteva pojasnilo.',
      'Pooblaščena oseba o zahtevi za pojasnilo odloči kot o novi zahtevi, v petih delovnih dneh. Rok za pritožbo začne teči od prejema tega odgovora oziroma od izteka roka zanj.',
    ],
    where: [
      { text: 'Stran zadeve, dejanje »Zahteva za pojasnilo«: vpišete čas prejema. Prepozne zahteve sistem ne sprejme in pove, zakaj.' },
      { text: 'Naloga »Odgovori na zahtevo za pojasnilo« z rokom 5 delovnih dni; sistem izda dopis »Odgovor na zahtevo za pojasnilo« in na novo izračuna rok za pritožbo.', href: '/tasks' },
    ],
    deadlines: [
      'Zahteva za pojasnilo: 8 dni od prejema odločitve.',
      'Odgovor na zahtevo za pojasnilo: 5 delovnih dni od njenega prejema.',
      'Rok za pritožbo (15 dni) teče od odgovora ali od izteka roka za odgovor.',
    ],
    requirements: ['N12.1'],
  },
  {
    number: 13,
    title: 'Pritožba pri Informacijskem pooblaščencu',
    requires: [
      'Če Zavod o zahtevi ne odloči v roku, se posameznik lahko pri Informacijskem pooblaščencu pritoži zaradi molka.',
      'Če Zavod zahtevo zavrne, se posameznik lahko pritoži z obrazloženo pritožbo v 15 dneh od prejema obvestila.',
    ],
    where: [
      { text: 'Pregled: »Zamujeno« (rok za odločitev je potekel – mogoča je pritožba zaradi molka) in »Tveganje molka«.', href: '/' },
      { text: 'Stran zadeve: rok za pritožbo (teče od vročitve odločitve, sklepa ali odgovora na zahtevo za pojasnilo); dejanji »Pritožba vložena« (tudi zaradi molka, ko je rok za odločitev potekel) in »Pritožbeni postopek končan«, ki ga zabeleži pooblaščena oseba.' },
    ],
    deadlines: ['Pritožba zoper zavrnitev ali zavrženje: 15 dni od prejema obvestila (odločitve ali sklepa).', 'Pritožba zaradi molka: ko rok za odločitev (8. člen) poteče brez odločitve.'],
    requirements: ['N13.1'],
  },
  {
    number: 14,
    title: 'Zadržanje podatkov med postopkom',
    requires: [
      'Od prejema zahteve do ugoditve, ob zavrnitvi pa do pravnomočnega konca postopka, Zavod zahtevanih osebnih podatkov ne sme uničiti, spremeniti ali odtujiti, tudi če bi jim sicer potekel rok hrambe.',
    ],
    where: [
      { text: 'Zadržanje se vključi samo ob evidentiranju zahteve; stran zadeve kaže »zadržanje podatkov aktivno od …«.' },
      { text: 'Ob ugoditvi se zadržanje sprosti; zahteva za pojasnilo ga znova vključi do konca postopka. Ob delni ugoditvi, zavrnitvi ali zavrženju ostane do izteka roka za pritožbo, ob vloženi pritožbi pa do konca pritožbenega postopka.' },
      { text: 'Če Informacijski pooblaščenec odločitev Zavoda odpravi, dobi pooblaščena oseba nalogo »Izvrši odločbo Informacijskega pooblaščenca«; zadržanje ostane, dokler ni opravljena.', href: '/tasks' },
    ],
    deadlines: ['Od prejema zahteve do ugoditve ali do pravnomočnega konca postopka.'],
    requirements: ['N14.1'],
  },
  {
    number: 15,
    title: 'Zavrnitev zaradi varstva drugih oseb',
    requires: [
      'Zavod sme zahtevo izjemoma zavrniti, če konkretne in objektivne okoliščine kažejo, da bi razkritje prizadelo koristi, pravice ali upravičene interese mladoletnih oseb, oseb z omejeno ali odvzeto poslovno sposobnostjo ali drugih oseb, ki jih ščiti zakon, in ti interesi pretehtajo nad interesom zakonitega zastopnika, da se s podatki seznani.',
    ],
    where: [
      { text: 'Naloga »Odloči o zahtevi«, razlog »zaščitene osebe«: pravila »refusal-grounds« ga sprejmejo le, če ugotovite, da so take osebe prizadete, in zapišete obrazložitev (vsaj 100 znakov).', href: '/tasks' },
    ],
    deadlines: [],
    requirements: ['N15.1'],
  },
  {
    number: 16,
    title: 'Očitno neutemeljene ali pretirane zahteve',
    requires: [
      'Pri očitno neutemeljenih ali pretiranih zahtevah, zlasti če se pogosto ponavljajo, lahko pooblaščena oseba s posebej obrazloženo odločitvijo: (a) zavrne ukrepanje – obrazložitev mora pojasniti, zakaj je zahteva očitno neutemeljena ali pretirana, dokazno breme pa nosi Zavod; ali (b) zahtevi ugodi in zaračuna razumno pristojbino, ki upošteva upravne stroške.',
      'Višino pristojbine in pravila zaračunavanja (tudi za dodatne kopije po tretjem odstavku 15. člena Splošne uredbe) določi Informacijski pooblaščenec s soglasjem ministra za pravosodje.',
    ],
    where: [
      { text: 'Naloga »Odloči o zahtevi«: razloga »očitno neutemeljena« in »pretirana«. Pravila »refusal-grounds« zahtevajo obrazložitev; samo število zahtev ne zadošča, izkazan mora biti namen zlorabe.', href: '/tasks' },
      { text: 'Pristojbina: pravila »fee« s tarifo, ki jo ureja pravna služba; prva kopija je vedno brezplačna.', href: '/rules' },
    ],
    deadlines: [],
    requirements: ['N16.1'],
  },
  {
    number: 17,
    title: 'Evidenca prejetih zahtev',
    requires: [
      'Zavod vodi seznam prejetih zahtev, ki vsebuje najmanj: zaporedno številko, datum prejema, podatke o posamezniku, vrsto zahteve, odločitev Zavoda ter datum odločitve oziroma odgovora.',
    ],
    where: [
      { text: 'Stran »Evidenca«: seznam z iskanjem in filtri, izvoz CSV za Excel in letna statistika za letno poročilo (zahteve po pravicah in odločitvah, mediana dni do odločitve, delež v roku).', href: '/register' },
    ],
    deadlines: [],
    requirements: ['N17.1'],
  },
  {
    number: 18,
    title: 'Odgovornost',
    requires: [
      'Za izvajanje navodila je odgovorna oseba, ki ji je zadeva dodeljena. Kršitev navodila, zlasti s strani odgovornih oseb v postopku, je kršitev delovnih obveznosti.',
    ],
    where: [
      { text: 'Vsaka zadeva ima odgovorno osebo: pooblaščeno osebo, ki prva opravi nalogo v njej. Naloge prevzamete in sprostite na seznamu nalog.', href: '/tasks' },
      { text: 'Vsako dejanje, vsak ogled zadeve in vsak dopis se zapiše z imenom uporabnika v revizijsko sled, ki je ni mogoče neopazno spremeniti; revizor jo pregleda na sledi zadeve.' },
    ],
    deadlines: [],
    requirements: ['N18.1'],
  },
  {
    number: 19,
    title: 'Dostopnost navodila',
    requires: [
      'Navodilo je dostopno vsem zaposlenim (v e-Gradivih informacijskega sistema Zavoda).',
    ],
    where: [
      { text: 'Ta stran pomoči: povezava je v nogi vsake strani, odpre pa se tudi brez prijave.', href: '/help' },
    ],
    deadlines: [],
    requirements: ['N19.1'],
  },
  {
    number: 20,
    title: 'Začetek veljavnosti',
    requires: [
      'Navodilo velja od dneva objave v e-Gradivih; podpisano je bilo v Ljubljani 26. 2. 2020.',
    ],
    where: [
      { text: 'Sistem sledi besedilu navodila z dne 26. 2. 2020. Če se navodilo spremeni, pravna služba popravi diagram postopka in pravila; tekoče zadeve ostanejo na različici, s katero so se začele.', href: '/modeler' },
    ],
    deadlines: [],
    requirements: ['N19.1'],
  },
];

/** The name of each page a `where` links to, shown as the link text. */
export const PAGE_NAMES: Record<string, string> = {
  '/': 'Pregled', '/tasks': 'Naloge', '/requests/new': 'Nova zahteva', '/register': 'Evidenca', '/help': 'Pomoč',
  '/phone': 'Telefon', '/rules': 'Pravila', '/modeler': 'Urejevalnik diagramov',
};

/** Every time limit of the instruction on one table. */
export const DEADLINES: { what: string; limit: string; from: string; article: string }[] = [
  { what: 'Poziv k dopolnitvi nepopolne zahteve', limit: '5 delovnih dni', from: 'od prejema zahteve', article: '6. člen' },
  { what: 'Rok, ki ga dobi posameznik za dopolnitev', limit: 'najmanj 5 delovnih dni', from: 'od dneva, ko prejme poziv', article: '6. člen' },
  { what: 'Odločitev o zahtevi', limit: '1 mesec', from: 'od prejema (po dopolnitvi od dneva dopolnitve)', article: '8. člen' },
  { what: 'Podaljšanje roka za odločitev', limit: 'največ 2 dodatna meseca; obvestilo v prvem mesecu', from: 'šteto od prvotnega dneva vložitve', article: '8. člen' },
  { what: 'Zahteva za pojasnilo', limit: '8 dni', from: 'od prejema odločitve', article: '12. člen' },
  { what: 'Odgovor na zahtevo za pojasnilo', limit: '5 delovnih dni', from: 'od prejema zahteve za pojasnilo', article: '12. člen' },
  { what: 'Pritožba zoper zavrnitev', limit: '15 dni', from: 'od prejema odločitve (ali odgovora na zahtevo za pojasnilo)', article: '13. člen' },
  { what: 'Zadržanje zahtevanih podatkov', limit: 'do ugoditve ali do pravnomočnega konca postopka', from: 'od prejema zahteve', article: '14. člen' },
  { what: 'Opomnik pooblaščeni osebi', limit: '3 delovne dni pred rokom za odločitev', from: '(pravilo sistema)', article: '8., 13. člen' },
];

/** How the legal calendar counts (docs/domain.md, src/domain/calendar.ts). */
export const COUNTING_RULES: string[] = [
  'Dan dogodka (prejema, vročitve) se ne šteje: rok začne teči naslednji dan (ZUP, 100. člen).',
  'Delovni dnevi so dnevi od ponedeljka do petka, ki niso dela prosti dnevi. Državni prazniki, ki niso dela prosti (8. 6., 17. 8., 15. 9., 23. 9., 25. 10., 23. 11.), so delovni dnevi.',
  'Rok v mesecih se izteče na isti datum v zadnjem mesecu; če ga tisti mesec nima, na zadnji dan meseca.',
  'Če se rok izteče na soboto, nedeljo ali dela prost dan, se podaljša na naslednji delovni dan (ZUP, 101. člen).',
  'Rok se izteče ob 24.00 zadnjega dne (po ljubljanskem času).',
];
