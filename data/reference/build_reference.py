#!/usr/bin/python3
"""Build data/reference/*.csv from the raw public files in data/reference/source/.

Run once by hand (deterministic; the outputs are committed and compiled into
scta). Sources and licences: data/SOURCES.md.

  countries.csv        iso3,iso2,name,region            ISO 3166-1 + Kosovo (TI code KSV)
  country_aliases.csv  alias,iso3                        names, codes and common aliases
  cpi.csv              iso3,year,score,rank              TI CPI 2012-2019 (rank where TI gives it)
  states.csv           code,name,kind,fips               50 states, DC, 5 territories
  state_aliases.csv    alias,code                        abbreviations beyond code and name
"""
import csv, os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, 'source')

# Short English names used in reports where ISO's long form reads badly.
SHORT = {
    'BOL': 'Bolivia', 'BRN': 'Brunei', 'COD': 'Democratic Republic of the Congo',
    'COG': 'Republic of the Congo', 'CIV': "Côte d'Ivoire", 'FSM': 'Micronesia',
    'GBR': 'United Kingdom', 'IRN': 'Iran', 'KOR': 'South Korea', 'PRK': 'North Korea',
    'LAO': 'Laos', 'MDA': 'Moldova', 'NLD': 'Netherlands', 'PSE': 'Palestine',
    'RUS': 'Russia', 'SYR': 'Syria', 'TWN': 'Taiwan', 'TZA': 'Tanzania',
    'USA': 'United States', 'VEN': 'Venezuela', 'VNM': 'Vietnam', 'VAT': 'Holy See',
    'MKD': 'North Macedonia', 'BHS': 'Bahamas', 'GMB': 'Gambia', 'HKG': 'Hong Kong',
    'MAC': 'Macao', 'CZE': 'Czechia', 'TUR': 'Türkiye', 'CPV': 'Cabo Verde',
    'SWZ': 'Eswatini', 'TLS': 'Timor-Leste', 'BIH': 'Bosnia and Herzegovina',
    'VGB': 'British Virgin Islands', 'VIR': 'U.S. Virgin Islands',
    'FLK': 'Falkland Islands', 'KNA': 'Saint Kitts and Nevis',
}

# Common aliases (matched after case, accent and punctuation folding).
ALIASES = {
    'CHN': ["People's Republic of China", 'PRC', 'Mainland China', 'China PR', 'P.R. China'],
    'RUS': ['Russian Federation'],
    'VNM': ['Viet Nam', 'Socialist Republic of Vietnam'],
    'KOR': ['South Korea', 'Korea', 'Republic of Korea', 'Korea, South', 'Korea South', 'ROK'],
    'PRK': ['North Korea', 'DPRK', 'Korea, North', "Democratic People's Republic of Korea"],
    'GBR': ['United Kingdom', 'UK', 'U.K.', 'Great Britain', 'Britain', 'England', 'Scotland',
            'Wales', 'Northern Ireland'],
    'IRL': ['Republic of Ireland', 'Ireland'],
    'NLD': ['Holland', 'The Netherlands'],
    'CZE': ['Czech Republic'],
    'MMR': ['Burma'],
    'CIV': ['Ivory Coast', "Cote d'Ivoire"],
    'SWZ': ['Swaziland'],
    'MKD': ['Macedonia', 'Republic of North Macedonia', 'FYROM'],
    'TLS': ['East Timor'],
    'CPV': ['Cape Verde'],
    'KSV': ['Kosovo', 'XK', 'XKX', 'Republic of Kosovo'],
    'GEO': ['Georgia (country)', 'Republic of Georgia'],
    'PSE': ['Palestine', 'State of Palestine', 'West Bank', 'Gaza', 'Palestinian Territories'],
    'VAT': ['Vatican', 'Vatican City'],
    'BIH': ['Bosnia'],
    'COD': ['DRC', 'DR Congo', 'Congo-Kinshasa', 'Congo, Democratic Republic',
            'Democratic Republic of Congo'],
    'COG': ['Congo-Brazzaville', 'Congo Republic', 'Congo'],
    'FSM': ['Federated States of Micronesia'],
    'GMB': ['The Gambia'],
    'BHS': ['The Bahamas'],
    'GNB': ['Guinea Bissau'],
    'TUR': ['Turkey'],
    'TWN': ['Republic of China', 'Chinese Taipei', 'Taiwan ROC'],
    'USA': ['United States of America', 'U.S.', 'U.S.A.', 'US', 'America'],
    'LAO': ["Lao People's Democratic Republic"],
    'SYR': ['Syrian Arab Republic'],
    'IRN': ['Islamic Republic of Iran'],
    'BRN': ['Brunei Darussalam'],
    'TZA': ['United Republic of Tanzania'],
    'MDA': ['Republic of Moldova', 'Moldavia'],
    'UKR': ['The Ukraine'],
    'PHL': ['The Philippines'],
    'DOM': ['Dominican Rep.'],
    'ARE': ['UAE', 'Emirates'],
    'SAU': ['KSA'],
}

def key(s):
    """Approximate of scta's text_key(), only to catch duplicates here."""
    import unicodedata
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c)).lower()
    s = s.replace("'", '').replace('\u2019', '').replace('.', '')
    s = ''.join(c if c.isalnum() else ' ' for c in s)
    return ' '.join(s.split())

def main():
    iso = list(csv.DictReader(open(os.path.join(SRC, 'iso3166_countries_lukes.csv'), encoding='utf-8')))
    rows = list(csv.reader(open(os.path.join(SRC, 'ti_cpi2012_2019_timeseries.csv'), encoding='utf-8-sig')))
    head, data = rows[2], [r for r in rows[3:] if len(r) > 3 and r[1]]
    glob = list(csv.reader(open(os.path.join(SRC, 'ti_cpi2019_global_scores.csv'), encoding='utf-8-sig')))
    ti_region = {r[1]: r[2] for r in glob[3:] if len(r) > 2 and r[1]}
    ti_name = {r[1]: r[0] for r in glob[3:] if len(r) > 2 and r[1]}

    countries = {}
    for r in iso:
        countries[r['alpha-3']] = (r['alpha-2'], SHORT.get(r['alpha-3'], r['name']), r['region'] or '', r['name'])
    countries['KSV'] = ('', 'Kosovo', 'Europe', 'Kosovo')
    missing = [c for c in ti_name if c not in countries]
    assert not missing, missing

    with open(os.path.join(HERE, 'countries.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['iso3', 'iso2', 'name', 'region', 'ti_region'])
        for c in sorted(countries):
            iso2, name, region, _ = countries[c]
            w.writerow([c, iso2, name, region, ti_region.get(c, '')])

    # Aliases in priority order: a key taken first keeps its country.
    seen = {}
    out = []
    def add(alias, c):
        k = key(alias)
        if not k or k in seen:
            return
        seen[k] = c
        out.append((alias, c))
    for c in sorted(countries):
        add(c, c)
    for c in sorted(countries):
        if countries[c][0]:
            add(countries[c][0], c)
    for c in sorted(countries):
        add(countries[c][1], c)
    for c in sorted(countries):
        add(countries[c][3], c)
    for c in sorted(ti_name):
        add(ti_name[c], c)
    for c in sorted(ALIASES):
        for a in ALIASES[c]:
            add(a, c)
    with open(os.path.join(HERE, 'country_aliases.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['alias', 'iso3'])
        for a, c in out:
            w.writerow([a, c])

    # CPI: every year TI gives a score; rank where the file has it.
    cols = {}
    for i, h in enumerate(head):
        hl = h.lower()
        if hl.startswith('cpi score '):
            cols.setdefault(int(hl.split()[-1]), {})['score'] = i
        elif hl.startswith('rank '):
            cols.setdefault(int(hl.split()[-1]), {})['rank'] = i
    with open(os.path.join(HERE, 'cpi.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['iso3', 'year', 'score', 'rank'])
        for r in sorted(data, key=lambda r: r[1]):
            for y in sorted(cols, reverse=True):
                s = r[cols[y]['score']].strip()
                if not s or s == '-':
                    continue
                rk = r[cols[y]['rank']].strip() if 'rank' in cols[y] else ''
                w.writerow([r[1], y, int(s), rk])

    states = [
        ('AL', 'Alabama', '01'), ('AK', 'Alaska', '02'), ('AZ', 'Arizona', '04'), ('AR', 'Arkansas', '05'),
        ('CA', 'California', '06'), ('CO', 'Colorado', '08'), ('CT', 'Connecticut', '09'),
        ('DE', 'Delaware', '10'), ('FL', 'Florida', '12'), ('GA', 'Georgia', '13'), ('HI', 'Hawaii', '15'),
        ('ID', 'Idaho', '16'), ('IL', 'Illinois', '17'), ('IN', 'Indiana', '18'), ('IA', 'Iowa', '19'),
        ('KS', 'Kansas', '20'), ('KY', 'Kentucky', '21'), ('LA', 'Louisiana', '22'), ('ME', 'Maine', '23'),
        ('MD', 'Maryland', '24'), ('MA', 'Massachusetts', '25'), ('MI', 'Michigan', '26'),
        ('MN', 'Minnesota', '27'), ('MS', 'Mississippi', '28'), ('MO', 'Missouri', '29'),
        ('MT', 'Montana', '30'), ('NE', 'Nebraska', '31'), ('NV', 'Nevada', '32'),
        ('NH', 'New Hampshire', '33'), ('NJ', 'New Jersey', '34'), ('NM', 'New Mexico', '35'),
        ('NY', 'New York', '36'), ('NC', 'North Carolina', '37'), ('ND', 'North Dakota', '38'),
        ('OH', 'Ohio', '39'), ('OK', 'Oklahoma', '40'), ('OR', 'Oregon', '41'), ('PA', 'Pennsylvania', '42'),
        ('RI', 'Rhode Island', '44'), ('SC', 'South Carolina', '45'), ('SD', 'South Dakota', '46'),
        ('TN', 'Tennessee', '47'), ('TX', 'Texas', '48'), ('UT', 'Utah', '49'), ('VT', 'Vermont', '50'),
        ('VA', 'Virginia', '51'), ('WA', 'Washington', '53'), ('WV', 'West Virginia', '54'),
        ('WI', 'Wisconsin', '55'), ('WY', 'Wyoming', '56'),
    ]
    with open(os.path.join(HERE, 'states.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'name', 'kind', 'fips'])
        for c, n, fips in states:
            w.writerow([c, n, 'state', fips])
        w.writerow(['DC', 'District of Columbia', 'district', '11'])
        for c, n, fips in [('AS', 'American Samoa', '60'), ('GU', 'Guam', '66'),
                           ('MP', 'Northern Mariana Islands', '69'), ('PR', 'Puerto Rico', '72'),
                           ('VI', 'U.S. Virgin Islands', '78')]:
            w.writerow([c, n, 'territory', fips])

    ap = {  # AP-style and other common abbreviations
        'AL': ['Ala.'], 'AZ': ['Ariz.'], 'AR': ['Ark.'], 'CA': ['Calif.', 'Cal.'], 'CO': ['Colo.'],
        'CT': ['Conn.'], 'DE': ['Del.'], 'FL': ['Fla.'], 'GA': ['Ga.'], 'IL': ['Ill.'], 'IN': ['Ind.'],
        'KS': ['Kan.', 'Kans.'], 'KY': ['Ky.'], 'LA': ['La.'], 'MD': ['Md.'], 'MA': ['Mass.'],
        'MI': ['Mich.'], 'MN': ['Minn.'], 'MS': ['Miss.'], 'MO': ['Mo.'], 'MT': ['Mont.'],
        'NE': ['Neb.', 'Nebr.'], 'NV': ['Nev.'], 'NH': ['N.H.'], 'NJ': ['N.J.'], 'NM': ['N.M.', 'N.Mex.'],
        'NY': ['N.Y.', 'New York State'], 'NC': ['N.C.'], 'ND': ['N.D.', 'N.Dak.'], 'OK': ['Okla.'],
        'OR': ['Ore.', 'Oreg.'], 'PA': ['Pa.', 'Penn.'], 'RI': ['R.I.'], 'SC': ['S.C.'],
        'SD': ['S.D.', 'S.Dak.'], 'TN': ['Tenn.'], 'TX': ['Tex.'], 'VT': ['Vt.'], 'VA': ['Va.'],
        'WA': ['Wash.', 'Washington State', 'Washington (state)'], 'WV': ['W.Va.', 'W. Va.'],
        'WI': ['Wis.', 'Wisc.'], 'WY': ['Wyo.'],
        'DC': ['D.C.', 'Washington, D.C.', 'Washington D.C.', 'District of Columbia'],
        'PR': ['Commonwealth of Puerto Rico'], 'VI': ['Virgin Islands', 'US Virgin Islands', 'USVI'],
        'MP': ['CNMI', 'Northern Marianas'], 'GU': ['Territory of Guam'],
    }
    with open(os.path.join(HERE, 'state_aliases.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['alias', 'code'])
        for c in sorted(ap):
            for a in ap[c]:
                w.writerow([a, c])

if __name__ == '__main__':
    main()
