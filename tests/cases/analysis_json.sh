#!/bin/bash
# analysis_json.sh - the analysis fixture through the binary: <report>.json
# holds every table and figure, numbers as numbers, and is byte-identical
# when the report is made again. Values were worked out by hand (see
# tests/unit/test_analysis.c).
. "$(dirname "$0")/common.bash"

mkdir -p "$T/output"
cp "$SCTA_FIXTURES"/analysis/*.csv "$SCTA_FIXTURES"/analysis/*.ini "$T/"
# Rows are rejected (an unknown country, an unknown question): exit 4, outputs still written.
expect_exit 4 "$SCTA" -q -c "$T/scta.ini" run
[ -f "$T/output/report.json" ] || fail "no report.json"
cp "$T/output/report.json" "$T/first.json"
expect_exit 0 "$SCTA" -q -c "$T/scta.ini" report
cmp -s "$T/first.json" "$T/output/report.json" || fail "report.json differs when made again"
pass "report.json deterministic"

"$PY" - "$T/output/report.json" <<'PYEOF' || fail "report.json content"
import json, sys
raw = open(sys.argv[1], 'rb').read()
raw.decode('utf-8')
j = json.loads(raw)
def check(cond, what):
    if not cond:
        print('FAIL:', what, file=sys.stderr)
        sys.exit(1)
tables = {t['id']: t for t in j['tables']}
ids = [t['id'] for t in j['tables']]
# The fixture's questionnaire asks nothing on espionage or visas and has no choice
# question on activities: those answer tables and charts do not exist (31 tables, not 36).
check(not any(i in ids for i in ('answers_espionage', 'answers_visa', 'answers_chart_activities',
                                 'answers_chart_espionage', 'answers_chart_visa')), 'absent topics')
check(len(ids) == 34 and ids[0] == 'scope_by_country' and ids[30] == 'status_changes' and ids[31:] == ['state_law_summary', 'state_law_status', 'state_laws'], 'table ids %r' % ids)
check(j['report']['organization'] == 'Test Org' and j['report']['number'] == 'T-1', 'report block')
f = j['figures']
check(f['in_scope']['value'] == 12 and type(f['in_scope']['value']) is int, 'in_scope')
check(abs(f['in_scope_pct']['value'] - 12 / 18) < 1e-12, 'in_scope_pct')
check(f['top_country']['value'] == 'China', 'top_country')
check(f['rows_rejected']['value'] == 2, 'rows_rejected')
c = tables['scope_by_country']
check([k['kind'] for k in c['columns']] == ['text', 'text', 'int', 'int', 'int', 'pct'], 'kinds')
check(c['rows'][0] == ['China', 'CHN', 41, 3, 3, 0.25], 'China row %r' % c['rows'][0])
check(c['rows'][-1] == ['Total', None, None, 12, 9, 1], 'total row %r' % c['rows'][-1])
check(c['total_row'] is True and c['chart'] == {'type': 'bar', 'column': 3}, 'total/chart')
check(c['base'] == 'n = 12 partnerships in scope', 'base')
check(c['source'].startswith('Test Org analysis of partnership records') and c['source'].endswith('| T-1'), 'source')
check(any('scored 45 or less' in n for n in c['notes']), 'scope note')
b = tables['scope_by_cpi_band']
check(b['rows'][0][0] == '0\u201329', 'band label %r' % b['rows'][0][0])
s = tables['answers_selection']
check(s['rows'][2] == ['SEL1', 'Was an intermediary involved?', "Don't know", 1, None, 5], 'dont know row')
ix = tables['index_by_community']
check(ix['rows'][0] == ['Phoenix', 'AZ', None, None, None], 'null index')
check(abs(ix['rows'][1][2] - 1 / 3) < 1e-15, 'Denver index')
d = tables['index_distribution']
check(d['chart'] == {'type': 'stacked', 'column': 1, 'columns': 3}, 'stacked chart')
src = j['sources']
check(len(src) == 2 and {x['kind'] for x in src} == {'partnerships', 'responses'}, 'sources')
PYEOF
pass "report.json content"
