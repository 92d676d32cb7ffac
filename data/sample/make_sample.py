#!/usr/bin/python3
"""Build scta's bundled sample data (run by hand; the outputs are committed).

  python3 data/sample/make_sample.py

Reads (all inside the repository):
  data/sample/source/derived_us_partnerships_pnadel_state_cpi2019.csv
        U.S. sister-city partnerships derived from Wikipedia via
        pnadelofficial/sis-cities (see data/SOURCES.md)
  data/sample/source/seed_cases.csv   six documented U.S.-China cases
  data/reference/{countries,country_aliases,cpi,states}.csv
  config/questionnaire.ini

Writes:
  data/sample/partnerships.csv    real public data, scta's partnerships format
  data/sample/responses.csv       ILLUSTRATIVE answers, wide layout
  data/sample/responses_long.csv  the same answers, long layout

Deterministic: no clock, no random module. Every pseudo-random choice is a
SHA-256 hash of a fixed seed and the names involved, so a change to one
community's rows does not reshuffle the others, and running the script twice
gives byte-identical files. Standard library only.
"""
import configparser
import csv
import datetime
import hashlib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
REF = os.path.join(ROOT, 'data', 'reference')
SRC = os.path.join(HERE, 'source')

SEED = 'scta-sample-2026'
REAL_SOURCE = ('Wikipedia list of sister cities via pnadelofficial/sis-cities '
               '(CC BY-SA 4.0)')
RESPONDENT = 'Illustrative sample response'
CPI_YEAR = 2019
CPI_LINE = 45
RESPONSE_SHARE = 0.40
# ISO 3166 entries that are U.S. territories: partners there are U.S. communities.
US_ISO3 = {'USA', 'PRI', 'GUM', 'VIR', 'ASM', 'MNP', 'UMI'}

PARTNERSHIP_COLUMNS = [
    'partnership_id', 'us_community', 'us_state', 'us_community_type',
    'foreign_community', 'foreign_region', 'foreign_country', 'established',
    'status', 'sci_recognized', 'agreement_type', 'agreement_public',
    'political_clause', 'intermediary', 'activities', 'notes', 'source',
]
# Questions whose comment column the sample fills now and then.
COMMENTED = ['TRA1', 'EXP3', 'ESP6', 'VIS2']


# ---------------------------------------------------------------- helpers

def _fold_table():
    """The same folding as scta's text_key() (src/util/text.c)."""
    l1 = ["a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
          "d", "n", "o", "o", "o", "o", "o", None, "o", "u", "u", "u", "u", "y", "th", "ss",
          "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
          "d", "n", "o", "o", "o", "o", "o", None, "o", "u", "u", "u", "u", "y", "th", "y"]
    ext_a = ("aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkk"
             "llllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuu"
             "wwyyyzzzzzzs")
    t = {}
    for i, v in enumerate(l1):
        t[0xC0 + i] = v
    for i, ch in enumerate(ext_a):
        t[0x100 + i] = ch
    t[0x152] = t[0x153] = 'oe'
    t[0x132] = t[0x133] = 'ij'
    t[0x2018] = t[0x2019] = t[0x02BC] = "'"
    return t


FOLD = _fold_table()


def text_key(s):
    """Port of scta's text_key(): the matching key used for duplicates."""
    out = []
    pending = False
    for ch in s:
        cp = ord(ch)
        rep = ch if cp < 0x80 else FOLD.get(cp)
        if rep is None:
            if pending and out:
                out.append(' ')
            pending = False
            out.append(ch)
            continue
        for c in rep:
            if c in "'.":
                continue
            if c.isascii() and c.isalnum():
                if pending and out:
                    out.append(' ')
                pending = False
                out.append(c.lower())
            else:
                pending = True
    return ''.join(out)


def uniform(*parts):
    """A number in [0, 1) fixed by the seed and parts."""
    h = hashlib.sha256('|'.join((SEED,) + parts).encode('utf-8')).digest()
    return int.from_bytes(h[:8], 'big') / 2.0 ** 64


def pick(weights, *parts):
    """Choose a key of weights (dict in insertion order) by a fixed draw."""
    x = uniform(*parts) * sum(weights.values())
    for k, w in weights.items():
        if x < w:
            return k
        x -= w
    return list(weights)[-1]


def read_csv(path, **kw):
    with open(path, newline='', encoding='utf-8-sig') as f:
        return list(csv.DictReader(f, **kw))


def write_csv(path, header, rows):
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, '') for h in header])


# ---------------------------------------------------------------- reference

def load_reference():
    countries = {r['iso3']: r for r in read_csv(os.path.join(REF, 'countries.csv'))}
    iso2 = {r['iso2']: r['iso3'] for r in countries.values() if r['iso2']}
    aliases = {}
    for r in read_csv(os.path.join(REF, 'country_aliases.csv')):
        aliases.setdefault(text_key(r['alias']), r['iso3'])
    cpi = {}
    for r in read_csv(os.path.join(REF, 'cpi.csv')):
        if int(r['year']) == CPI_YEAR:
            cpi[r['iso3']] = int(r['score'])
    states = read_csv(os.path.join(REF, 'states.csv'))
    state_code = {r['name']: r['code'] for r in states}
    return countries, iso2, aliases, cpi, state_code


# ---------------------------------------------------------------- partnerships

def split_title(title, aliases):
    """Wikipedia-style title -> (community, region).

    "Hakui, Ishikawa" -> ("Hakui", "Ishikawa"); a trailing country name is
    dropped because the country has its own column ("Tripoli, Greece" ->
    "Tripoli"); "Lambeth (London borough)" -> ("Lambeth", "London").
    Other parentheses are part of the name ("Frankfurt (Oder)").
    """
    m = re.fullmatch(r'(.+) \(London borough\)', title)
    if m:
        return m.group(1), 'London'
    m = re.fullmatch(r'(.+) \(Azores\)', title)
    if m:
        return m.group(1), 'Azores'
    parts = title.split(', ')
    if len(parts) > 1 and text_key(parts[-1]) in aliases:
        parts = parts[:-1]
    return parts[0], ', '.join(parts[1:])


def community_type(name, state_source):
    if state_source == 'state-level-partner':
        return 'state'
    head = name.split(', ')[0]
    if head.endswith(' County'):
        return 'county'
    if head.endswith(' Township'):
        return 'other'
    return ''


def natural_key(r):
    return (text_key(r['us_community']), r['us_state'],
            text_key(r['foreign_community']), r['foreign_country'])


def build_partnerships(ref, counts):
    countries, iso2, aliases, cpi, state_code = ref
    src = read_csv(os.path.join(SRC, 'derived_us_partnerships_pnadel_state_cpi2019.csv'))
    counts['source_rows'] = len(src)
    counts['excluded_state'] = counts['excluded_country'] = 0
    counts['excluded_us_us'] = counts['excluded_us_territory'] = 0
    counts['country_by_alias'] = counts['duplicates'] = 0
    counts['recoverable_from_title'] = 0
    rows, seen = [], {}
    for s in src:
        if not s['us_state']:
            counts['excluded_state'] += 1
            continue
        iso3 = s['foreign_iso3']
        note = []
        if iso3.startswith('?'):
            # The source flagged a country name it could not code; scta's own
            # alias table codes it ("?Macedonia" -> MKD).
            name = iso3[1:]
            iso3 = aliases.get(text_key(name), '')
            if iso3:
                counts['country_by_alias'] += 1
                note.append('Foreign country coded from the name "%s".' % name)
        if not iso3:
            counts['excluded_country'] += 1
            tail = s['foreign_title'].split(', ')[-1]
            if ', ' in s['foreign_title'] and text_key(tail) in aliases:
                counts['recoverable_from_title'] += 1
            continue
        if iso3 == 'USA':
            counts['excluded_us_us'] += 1
            continue
        if iso3 in US_ISO3:
            counts['excluded_us_territory'] += 1
            continue
        assert iso3 in countries, iso3
        assert s['us_state'] in state_code, s['us_state']
        if s['state_source'] == 'state-level-partner':
            us_name = s['us_state']
        else:
            us_name = s['us_city']
        if s['state_source'] == 'census-largest-place':
            note.insert(0, 'U.S. state inferred from the most populous Census place of this name.')
        if s['country_source'] == 'hekman-match':
            note.append('Foreign country from a match in the Hekman/twincities list.')
        fc, region = split_title(s['foreign_title'], aliases)
        r = {
            'us_community': us_name.strip(),
            'us_state': state_code[s['us_state']],
            'us_community_type': community_type(us_name, s['state_source']),
            'foreign_community': fc.strip(),
            'foreign_region': region.strip(),
            'foreign_country': iso3,
            'notes': ' '.join(note),
            'source': REAL_SOURCE,
        }
        rows.append(r)

    # Two different places with the same name in one country and partnered with
    # the same U.S. community ("Guadalupe, Nuevo Leon" and "Guadalupe,
    # Zacatecas") keep their region in the name, so they stay two rows.
    regions = {}
    for r in rows:
        if r['foreign_region']:
            regions.setdefault(natural_key(r), set()).add(text_key(r['foreign_region']))
    for r in rows:
        if len(regions.get(natural_key(r), ())) > 1:
            r['foreign_community'] = r['foreign_community'] + ', ' + r['foreign_region']
    # Then a repeated natural key is the same partnership listed twice: keep
    # the first, taking the region from the repeat if the first has none.
    kept = []
    for r in rows:
        k = natural_key(r)
        if k in seen:
            counts['duplicates'] += 1
            first = kept[seen[k]]
            if not first['foreign_region']:
                first['foreign_region'] = r['foreign_region']
            continue
        seen[k] = len(kept)
        kept.append(r)
    rows = kept
    counts['after_dedup'] = len(rows)

    # Seed cases: documented facts; they replace a matching real row.
    counts['seed_merged'] = counts['seed_added'] = 0
    counts['seed_merged_names'] = []
    for s in read_csv(os.path.join(SRC, 'seed_cases.csv')):
        c = s['foreign_country'].strip()
        iso3 = iso2.get(c, c if c in countries else aliases.get(text_key(c), ''))
        assert iso3 in countries, c
        r = {k: (v or '').strip() for k, v in s.items() if k in PARTNERSHIP_COLUMNS}
        r['foreign_country'] = iso3
        k = natural_key(r)
        if k in seen:
            rows[seen[k]] = r
            counts['seed_merged'] += 1
            counts['seed_merged_names'].append('%s %s - %s' % (r['us_community'], r['us_state'],
                                                               r['foreign_community']))
        else:
            seen[k] = len(rows)
            rows.append(r)
            counts['seed_added'] += 1

    rows.sort(key=lambda r: (r['us_state'], text_key(r['us_community']), r['us_community'],
                             text_key(r['foreign_community']), r['foreign_country']))
    for i, r in enumerate(rows, 1):
        r['partnership_id'] = 'SC-%05d' % i

    # The contract (DESIGN.md section 2), checked here so a bad row never ships.
    keys = set()
    for r in rows:
        for col in ('us_community', 'us_state', 'foreign_community', 'foreign_country'):
            assert r[col], (col, r)
        assert r['us_state'] in state_code.values(), r
        assert r['foreign_country'] in countries and r['foreign_country'] not in US_ISO3, r
        assert r.get('us_community_type', '') in ('', 'city', 'county', 'state', 'other'), r
        assert r.get('status', '') in ('', 'active', 'inactive', 'suspended', 'terminated',
                                       'proposed'), r
        assert r.get('political_clause', '') in ('', 'yes', 'no', 'unknown'), r
        assert re.fullmatch(r'(\d{4}(-\d{2}(-\d{2})?)?)?', r.get('established', '')), r
        for a in filter(None, r.get('activities', '').split(';')):
            assert a in ('culture', 'education', 'youth', 'trade', 'investment', 'tourism',
                         'technology', 'health', 'sports', 'government', 'other'), r
        for v in r.values():
            assert v == v.strip() and '\n' not in v and '\r' not in v, r
        k = natural_key(r)
        assert k not in keys, ('duplicate', r)
        keys.add(k)
    counts['final_rows'] = len(rows)
    return rows


# ---------------------------------------------------------------- questionnaire

def load_questionnaire(path):
    """Read the INI the way scta does and check what scta's loader checks."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    for n, line in enumerate(lines, 1):
        # iniparser 4.1 reads lines of up to 1,024 bytes.
        assert len(line.encode('utf-8')) < 1000, ('line too long', n)
        if line.strip() and not line.lstrip().startswith(';') and '=' in line:
            value = line.split('=', 1)[1]
            # iniparser ends an unquoted value at ';' or '#'; only real comments may use them.
            assert '#' not in value, ('"#" in a value', n)
            assert not value.strip().startswith(('"', "'")), ('quoted value', n)
    cp = configparser.ConfigParser(inline_comment_prefixes=(';',), interpolation=None)
    cp.read(path, encoding='utf-8')
    scales, questions = {}, []
    for sec in cp.sections():
        if sec.lower().startswith('scale:'):
            vals = [v.strip() for v in cp[sec]['values'].split(',')]
            labels = [v.strip() for v in cp[sec]['labels'].split(',')]
            valid = [v.strip() for v in cp[sec].get('valid', ','.join(vals)).split(',')]
            assert len(vals) == len(labels), sec
            assert all(re.fullmatch(r'[a-z0-9_]+', v) for v in vals), sec
            assert set(valid) <= set(vals), sec
            assert 'dont_know' in vals and 'not_applicable' in vals, sec
            assert 'dont_know' not in valid and 'not_applicable' not in valid, sec
            scales[sec.split(':', 1)[1].lower()] = {'values': vals, 'valid': valid}
    topics = ('selection', 'activities', 'transparency', 'expression', 'espionage', 'visa')
    for sec in cp.sections():
        if not sec.lower().startswith('question:'):
            assert sec.lower().startswith('scale:'), sec
            continue
        q = cp[sec]
        assert set(q) <= {'topic', 'text', 'type', 'scale', 'weight', 'safeguard'}, sec
        qid = sec.split(':', 1)[1].upper()
        assert re.fullmatch(r'[A-Z0-9_]+', qid) and not qid.endswith('_COMMENT'), sec
        assert q['topic'] in topics, sec
        assert q['type'] in ('choice', 'count', 'amount', 'text'), sec
        scale = None
        if q['type'] == 'choice':
            scale = scales[q['scale'].lower()]
        else:
            assert 'scale' not in q, sec
        weight = float(q.get('weight', '1'))
        assert weight > 0, sec
        sg = q.get('safeguard')
        if sg is not None:
            assert scale and sg in scale['valid'], sec
        questions.append({'id': qid, 'topic': q['topic'], 'type': q['type'], 'scale': scale,
                          'scale_name': q.get('scale', ''), 'weight': weight, 'safeguard': sg,
                          'text': q['text']})
    ids = [q['id'] for q in questions]
    assert len(ids) == len(set(ids)), 'question defined twice'
    for t in ('transparency', 'expression', 'espionage', 'visa'):
        assert sum(1 for q in questions if q['topic'] == t and q['safeguard']) >= 3, t
    return questions


def valid_answer(q, a):
    if a == '':
        return True  # item non-response
    if q['type'] == 'choice':
        return a in q['scale']['values']
    if q['type'] == 'count':
        return re.fullmatch(r'\d+', a) is not None
    if q['type'] == 'amount':
        return re.fullmatch(r'\d+(\.\d{1,2})?', a) is not None
    return True


# ---------------------------------------------------------------- responses

SEL6_TEXT = [
    'Shared industries and an interest in trade (illustrative answer)',
    'Similar population and a university in both communities (illustrative answer)',
    'Residents with family ties to the region (illustrative answer)',
    'Introduced by a visiting business delegation (illustrative answer)',
    'No reasons were given (illustrative answer)',
]
EXP6_TEXT = [
    'Asked to remove a display from a festival; the display stayed (illustrative answer)',
    'Asked to change a speaker at a joint event; the request was declined (illustrative answer)',
    'Asked to withdraw a publication; staff referred it to the council (illustrative answer)',
]
COMMENT_TEXT = {
    'TRA1': ['Copy kept by the city clerk (illustrative comment)',
             'Agreement predates current staff (illustrative comment)'],
    'EXP3': ['Requests were made orally during visits (illustrative comment)'],
    'ESP6': ['Oversight is shared with the county (illustrative comment)',
             'No staff assigned to this (illustrative comment)'],
    'VIS2': ['Letters are issued by the mayor\'s office (illustrative comment)'],
}


def answer_community(c, questions, in_scope_iso3):
    """Answers of one illustrative respondent, {question id: answer}.

    A community-wide propensity g drives every safeguard topic, so a community
    that discloses its agreement also tends to report on it, brief staff and
    check visitors; a separate activity level drives delegations and travel.
    """
    g = uniform(c, 'governance')
    act = uniform(c, 'activity')
    prop = {}
    for t in ('transparency', 'expression', 'espionage', 'visa'):
        prop[t] = min(0.95, max(0.05, 0.05 + 0.85 * g + 0.20 * (uniform(c, t) - 0.5)))
    china = 'CHN' in in_scope_iso3

    def nonresponse(qid, dk=0.06, na=0.0, blank=0.03):
        x = uniform(c, qid, 'nonresponse')
        if x < blank:
            return ''
        if x < blank + dk:
            return 'dont_know'
        if x < blank + dk + na:
            return 'not_applicable'
        return None

    def yesno(qid, p_yes, **kw):
        nr = nonresponse(qid, **kw)
        if nr is not None:
            return nr
        return 'yes' if uniform(c, qid) < p_yes else 'no'

    def extent(qid, p):
        nr = nonresponse(qid, dk=0.07)
        if nr is not None:
            return nr
        x = p + 0.35 * (uniform(c, qid) - 0.5)
        for cut, v in ((0.85, 'very_great'), (0.65, 'great'), (0.45, 'moderate'), (0.25, 'some')):
            if x > cut:
                return v
        return 'little_or_no'

    def count(qid, p_any, top):
        if uniform(c, qid, 'nonresponse') < 0.04:
            return ''
        if uniform(c, qid) >= p_any:
            return '0'
        return str(1 + int(uniform(c, qid, 'size') * top))

    a = {}
    a['SEL1'] = pick({'us_side': 0.40, 'foreign_side': 0.33, 'intermediary': 0.12,
                      'dont_know': 0.11, 'not_applicable': 0.01, '': 0.03}, c, 'SEL1')
    a['SEL2'] = 'yes' if a['SEL1'] == 'intermediary' else yesno('SEL2', 0.20)
    a['SEL3'] = yesno('SEL3', 0.35 if china else 0.12, dk=0.15)
    a['SEL4'] = yesno('SEL4', 0.30, dk=0.10)
    a['SEL5'] = yesno('SEL5', 0.20, dk=0.10)
    a['SEL6'] = SEL6_TEXT[int(uniform(c, 'SEL6', 'which') * len(SEL6_TEXT))] \
        if uniform(c, 'SEL6') < 0.45 else ''

    a['ACT1'] = count('ACT1', 0.25 + 0.65 * act, int(1 + 5 * act))
    a['ACT2'] = count('ACT2', 0.15 + 0.60 * act, int(1 + 3 * act))
    a['ACT3'] = yesno('ACT3', 0.25 + 0.50 * act)
    a['ACT4'] = yesno('ACT4', 0.10 + 0.30 * act, dk=0.08)
    a['ACT5'] = yesno('ACT5', 0.08 + 0.40 * act, dk=0.08)
    if a['ACT5'] == 'no':
        a['ACT6'] = '0'
    elif a['ACT5'] == 'yes' and uniform(c, 'ACT6', 'nonresponse') >= 0.15:
        a['ACT6'] = str(50 * int((300 + 14000 * uniform(c, 'ACT6') ** 2) / 50))
    else:
        a['ACT6'] = ''
    a['ACT7'] = extent('ACT7', 0.15 + 0.6 * act)

    p = prop['transparency']
    nr = nonresponse('TRA1', dk=0.08)
    if nr is not None:
        a['TRA1'] = nr
    elif uniform(c, 'TRA1') < 0.85 * p:
        a['TRA1'] = 'online'
    else:
        a['TRA1'] = pick({'on_request': 0.45, 'not_available': 0.40, 'confidential': 0.15},
                         c, 'TRA1', 'kind')
    a['TRA2'] = yesno('TRA2', 0.15 + 0.80 * p, dk=0.10)
    a['TRA3'] = yesno('TRA3', 0.80 * p)
    a['TRA4'] = yesno('TRA4', 0.70 * p)
    a['TRA5'] = extent('TRA5', p)

    p = prop['expression']
    a['EXP1'] = yesno('EXP1', 0.85 * p, dk=0.10)
    a['EXP2'] = yesno('EXP2', (0.25 if china else 0.08) * (1.2 - p), dk=0.10)
    a['EXP3'] = count('EXP3', 0.18 if china else 0.06, 3)
    a['EXP4'] = yesno('EXP4', 0.10 + 0.80 * p, na=0.35)
    a['EXP5'] = yesno('EXP5', 0.60 * p, dk=0.08)
    a['EXP6'] = EXP6_TEXT[int(uniform(c, 'EXP6') * len(EXP6_TEXT))] \
        if a['EXP3'] not in ('', '0') else ''

    p = prop['espionage']
    a['ESP1'] = yesno('ESP1', 0.20 + 0.75 * p, dk=0.12)
    a['ESP2'] = yesno('ESP2', 0.60 * p, dk=0.08)
    a['ESP3'] = yesno('ESP3', 0.70 * p, dk=0.10)
    a['ESP4'] = yesno('ESP4', 0.55 * p, dk=0.12)
    a['ESP5'] = count('ESP5', 0.10 if china else 0.04, 2)
    a['ESP6'] = extent('ESP6', p)

    p = prop['visa']
    a['VIS1'] = yesno('VIS1', 0.20 + 0.40 * act)
    if a['VIS1'] == 'no':
        a['VIS2'] = 'not_applicable'
    elif a['VIS1'] in ('', 'dont_know'):
        a['VIS2'] = a['VIS1']
    else:
        a['VIS2'] = yesno('VIS2', 0.15 + 0.80 * p, dk=0.05)
    a['VIS3'] = yesno('VIS3', 0.10 + 0.20 * act)
    a['VIS4'] = yesno('VIS4', 0.70 * p, dk=0.10)
    a['VIS5'] = yesno('VIS5', 0.10 + 0.75 * p)
    a['VIS6'] = count('VIS6', 0.08 if a['VIS1'] == 'yes' else 0.02, 2)

    assert set(a) == {q['id'] for q in questions}, sorted(set(a) ^ {q['id'] for q in questions})
    comments = {}
    for qid in COMMENTED:
        if a[qid] and uniform(c, qid, 'comment') < 0.18:
            pool = COMMENT_TEXT[qid]
            comments[qid] = pool[int(uniform(c, qid, 'comment text') * len(pool))]
    return a, comments


def build_responses(partnerships, questions, cpi, counts):
    scope = {}
    for r in partnerships:
        score = cpi.get(r['foreign_country'])
        if score is not None and score <= CPI_LINE and r.get('status', '') in ('', 'active'):
            scope.setdefault((r['us_state'], r['us_community']), set()).add(r['foreign_country'])
    counts['in_scope_rows'] = sum(
        1 for r in partnerships
        if cpi.get(r['foreign_country'], 101) <= CPI_LINE and r.get('status', '') in ('', 'active'))
    counts['in_scope_communities'] = len(scope)
    n = round(RESPONSE_SHARE * len(scope))
    chosen = sorted(scope, key=lambda k: uniform(k[0], k[1], 'respond'))[:n]
    chosen.sort(key=lambda k: (k[0], text_key(k[1]), k[1]))

    qids = [q['id'] for q in questions]
    byid = {q['id']: q for q in questions}
    wide, long_rows = [], []
    start = datetime.date(2026, 2, 2)
    for i, (state, comm) in enumerate(chosen, 1):
        key = state + ':' + comm
        answers, comments = answer_community(key, questions, scope[(state, comm)])
        submitted = (start + datetime.timedelta(days=int(uniform(key, 'submitted') * 56))).isoformat()
        row = {'response_id': 'R-%04d' % i, 'us_community': comm, 'us_state': state,
               'respondent': RESPONDENT, 'submitted': submitted}
        for qid in qids:
            assert valid_answer(byid[qid], answers[qid]), (key, qid, answers[qid])
            row[qid] = answers[qid]
            if qid in COMMENTED:
                row[qid + '_comment'] = comments.get(qid, '')
            if answers[qid]:
                long_rows.append({'response_id': row['response_id'], 'us_community': comm,
                                  'us_state': state, 'question_id': qid, 'answer': answers[qid],
                                  'comment': comments.get(qid, ''), 'respondent': RESPONDENT,
                                  'submitted': submitted})
        wide.append(row)
    counts['responses'] = len(wide)
    counts['long_rows'] = len(long_rows)
    header = ['response_id', 'us_community', 'us_state', 'respondent', 'submitted']
    for qid in qids:
        header.append(qid)
        if qid in COMMENTED:
            header.append(qid + '_comment')
    long_header = ['response_id', 'us_community', 'us_state', 'question_id', 'answer', 'comment',
                   'respondent', 'submitted']
    return header, wide, long_header, long_rows


# ---------------------------------------------------------------- main

def main():
    counts = {}
    ref = load_reference()
    questions = load_questionnaire(os.path.join(ROOT, 'config', 'questionnaire.ini'))
    partnerships = build_partnerships(ref, counts)
    header, wide, long_header, long_rows = build_responses(partnerships, questions, ref[3], counts)

    write_csv(os.path.join(HERE, 'partnerships.csv'), PARTNERSHIP_COLUMNS, partnerships)
    write_csv(os.path.join(HERE, 'responses.csv'), header, wide)
    write_csv(os.path.join(HERE, 'responses_long.csv'), long_header, long_rows)

    out = sys.stdout
    out.write('rows in source                          %6d\n' % counts['source_rows'])
    out.write('excluded: U.S. state unresolved         %6d\n' % counts['excluded_state'])
    out.write('excluded: foreign country unresolved    %6d\n' % counts['excluded_country'])
    out.write('  (of which the title names a country   %6d)\n' % counts['recoverable_from_title'])
    out.write('excluded: U.S.-U.S. (USA)               %6d\n' % counts['excluded_us_us'])
    out.write('excluded: U.S.-U.S. (U.S. territory)    %6d\n' % counts['excluded_us_territory'])
    out.write('country coded via alias table           %6d\n' % counts['country_by_alias'])
    out.write('duplicates dropped                      %6d\n' % counts['duplicates'])
    out.write('rows after de-duplication               %6d\n' % counts['after_dedup'])
    out.write('seed cases merged into a real row       %6d  (%s)\n'
              % (counts['seed_merged'], '; '.join(counts['seed_merged_names'])))
    out.write('seed cases added                        %6d\n' % counts['seed_added'])
    out.write('final partnership rows                  %6d\n' % counts['final_rows'])
    out.write('rows with CPI %d <= %d (active)        %6d\n' % (CPI_YEAR, CPI_LINE,
                                                              counts['in_scope_rows']))
    out.write('distinct U.S. communities among them    %6d\n' % counts['in_scope_communities'])
    out.write('questions                               %6d\n' % len(questions))
    out.write('responses written (wide rows)           %6d\n' % counts['responses'])
    out.write('answers written (long rows)             %6d\n' % counts['long_rows'])


if __name__ == '__main__':
    main()
