/**
 * BCP-47 language tags (RFC 5646) checked against the IANA subtag registry for
 * the subtags dubbing deliveries use: every ISO 639-1 language, common ISO
 * 639-2/3 languages, ISO 15924 scripts, ISO 3166-1 regions and UN M.49 areas.
 * Matching is case-insensitive (the registry is); `es-419`, `zh-Hant-TW`,
 * `pt-BR`, `ES-ES` are valid.
 */

const LANG2 = `aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz
ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik in io is it
iu iw ja ji jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mo mr ms mt
my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn
so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu`;

// ISO 639-2/3 languages without a two-letter code that localisation work meets.
const LANG3 = `ace ach ady ain akk ale alt ang anp arc arn arp ast awa bal ban bas bej bem bho bik bin bla bra bua bug byn
cad car ceb chg chk chm chn cho chp chr chy ckb cmn cop crh csb dak dar del den dgr din doi dsb dua dyu efi egy eka
ewo fan fat fil fon frr frs fur gaa gay gba gez gil gom gon gor got grb grc gsw gwi hai hak haw hil hmn hsb hsn hup
iba ilo inh jbo jpr jrb kaa kab kac kam kaw kbd kha kho kmb kmr kok kos kpe krc krl kru kum kut lad lah lam lez lol
loz lua lui lun luo lus lzh mad mag mai mak man mas mdf mdr men mfe mga mic min mnc mni moh mos mus mwl mwr myv nan
nap nds new nia niu nog non nqo nso nwc nym nyn nyo nzi osa ota pag pal pam pap pau peo phn pon pro quc raj rap rar
rom rup sad sah sam sas sat scn sco sel sga shn sid sma smj smn sms snk sog srn srr suk sus sux syc syr tem ter tet
tig tiv tkl tlh tli tmh tog tpi tsi tum tvl tyv tzm udm uga umb vai vot wal war was wuu xal yao yap yue zap zbl zen
zgh zun zza`;

const SCRIPTS = `adlm arab armn bali bamu batk beng bopo brah brai bugi buhd cakm cans cham cher copt cprt cyrl deva dsrt
ethi geor glag goth grek gujr guru hang hani hano hans hant hebr hira hmng hrkt ital jamo java jpan kali kana khar
khmr knda kore lana laoo latf latg latn lepc limb lisu mand mlym mong mtei mymr nkoo ogam olck orya osma phag rjng
runr samr saur sinh sund sylo syrc tagb tale talu taml tavt telu tfng tglg thaa thai tibt vaii xsux yiii zinh zmth
zsye zsym zxxx zyyy zzzz`;

const REGIONS = `ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bl bm bn bo bq br bs bt bv bw
by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg eh er es et fi fj fk fm fo
fr ga gb gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo
jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr ls lt lu lv ly ma mc md me mf mg mh mk ml mm mn mo mp mq mr ms
mt mu mv mw mx my mz na nc ne nf ng ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru
rw sa sb sc sd se sg sh si sj sk sl sm sn so sr ss st sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua
ug um us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw eu un ac cp dg ea ic ta bu cs dd fx nt su tp yd yu zr
001 002 003 005 009 011 013 014 015 017 018 019 021 029 030 034 035 039 053 054 057 061 142 143 145 150 151 154 155
202 419`;

const VARIANTS = `1901 1994 1996 alalc97 arevela arevmda baku1926 biscayan fonipa fonupa hepburn jauer ivanchov kkcor
monoton nedis pinyin polyton rozaj scotland simple tarask valencia wadegile`;

const set = (s: string) => new Set(s.split(/\s+/).filter(Boolean));
const L2 = set(LANG2);
const L3 = set(LANG3);
const SC = set(SCRIPTS);
const RG = set(REGIONS);
const VA = set(VARIANTS);

export type TagCheck = { valid: boolean; reason: string | null };

/** Check a tag; `reason` names the subtag that is wrong. */
export function checkLanguageTag(tag: string): TagCheck {
  if (!/^[A-Za-z0-9-]+$/.test(tag)) return { valid: false, reason: `'${tag}' has characters other than letters, digits and '-'` };
  const parts = tag.toLowerCase().split('-');
  if (parts.some((p) => p.length === 0)) return { valid: false, reason: `'${tag}' has an empty subtag` };
  let i = 0;
  const lang = parts[i++];
  if (lang.length === 2) {
    if (!L2.has(lang)) return { valid: false, reason: `unknown language subtag '${lang}'` };
  } else if (lang.length === 3) {
    if (!L3.has(lang) && !/^q[a-t][a-z]$/.test(lang)) return { valid: false, reason: `unknown language subtag '${lang}'` };
  } else {
    return { valid: false, reason: `language subtag '${lang}' must be 2 or 3 letters` };
  }
  if (i < parts.length && parts[i].length === 4 && /^[a-z]{4}$/.test(parts[i])) {
    if (!SC.has(parts[i])) return { valid: false, reason: `unknown script subtag '${parts[i]}'` };
    i++;
  }
  if (i < parts.length && (/^[a-z]{2}$/.test(parts[i]) || /^\d{3}$/.test(parts[i]))) {
    if (!RG.has(parts[i])) return { valid: false, reason: `unknown region subtag '${parts[i].toUpperCase()}'` };
    i++;
  }
  while (i < parts.length && (/^[a-z0-9]{5,8}$/.test(parts[i]) || /^\d[a-z0-9]{3}$/.test(parts[i]))) {
    if (!VA.has(parts[i])) return { valid: false, reason: `unknown variant subtag '${parts[i]}'` };
    i++;
  }
  if (i < parts.length && parts[i] === 'x') {
    if (parts.length - i < 2 || parts.slice(i + 1).some((p) => !/^[a-z0-9]{1,8}$/.test(p))) {
      return { valid: false, reason: `malformed private-use part in '${tag}'` };
    }
    return { valid: true, reason: null };
  }
  if (i < parts.length) return { valid: false, reason: `unexpected subtag '${parts[i]}' in '${tag}'` };
  return { valid: true, reason: null };
}

export function isLanguageTag(tag: string): boolean {
  return checkLanguageTag(tag).valid;
}

export function sameLanguageTag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
