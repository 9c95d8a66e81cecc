// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers: one run, the rules that exist, one
// result per finding with its location and the dollars at stake as properties.
import type { Report } from './report';
import { RULES } from '../rules/index';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function toSarif(report: Report, docsBase = 'https://github.com/costlens/costlens/blob/main/docs/rules/'): object {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const extraRules = [...new Set(report.findings.map((f) => f.ruleId).filter((id) => !ruleIndex.has(id)))];
  const rules = [
    ...RULES.map((r) => ({
      id: r.meta.id,
      name: r.meta.id.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: r.meta.description },
      helpUri: `${docsBase}${r.meta.id}.md`,
      defaultConfiguration: { level: LEVEL[r.meta.severity] },
    })),
    ...extraRules.map((id) => ({ id, shortDescription: { text: id === 'invalid-prompt-file' ? 'A prompt file that cannot be read as its format says.' : id }, defaultConfiguration: { level: 'warning' as const } })),
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'CostLens', version: report.tool.version, informationUri: 'https://github.com/costlens/costlens', rules } },
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: f.path.split('/').map(encodeURIComponent).join('/') }, region: { startLine: f.line } } }],
          properties: {
            ...(f.usdPerMonthAtStake !== null ? { usdPerMonthAtStake: f.usdPerMonthAtStake } : {}),
            fixes: f.fixes.map((x) => x.title),
          },
        })),
      },
    ],
  };
}
