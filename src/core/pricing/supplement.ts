// Prices @pydantic/genai-prices 0.1.8 (the newest the npm registry here has) lacks, consulted after
// it. Each row comes from the provider's own pricing page, with the page and the date it was read; a
// retired model keeps its last published price, marked retired. Open-weights models without a single
// provider's price stay out (their price depends on who hosts them).
import { z } from 'zod';

const SupplementRow = z.object({
  /** The provider id the price is the list price of (the catalogue's ids where it has the provider). */
  provider: z.string().min(1),
  /** Model ids this price applies to, as the code writes them (matched without case). */
  ids: z.array(z.string().min(1)).min(1),
  name: z.string().min(1),
  /** USD per million tokens. */
  input_mtok: z.number().nonnegative(),
  cache_read_mtok: z.number().nonnegative().optional(),
  output_mtok: z.number().nonnegative(),
  contextWindow: z.number().int().positive().optional(),
  /** The provider's page the figures were read on. */
  url: z.string().regex(/^https:\/\/\S+$/),
  /** When the page was read (the page states no date of its own). */
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Set for a model the provider no longer serves under this id: what the page says of it. */
  retired: z.string().min(1).optional(),
});
export type SupplementRow = z.infer<typeof SupplementRow>;

const ROWS: SupplementRow[] = [
  {
    provider: 'deepseek',
    ids: ['deepseek-coder'],
    name: 'DeepSeek Coder (DeepSeek V2.5)',
    input_mtok: 0.14,
    cache_read_mtok: 0.014,
    output_mtok: 0.28,
    contextWindow: 128_000,
    url: 'https://platform.deepseek.com/api-docs/quick_start/pricing',
    asOf: '2026-12-06',
    retired:
      'the page\'s DeepSeek V2.5 version: "DeepSeek V2 Chat and DeepSeek Coder V2 have been merged … API users can access the new model through either deepseek-coder or deepseek-chat", $0.14 input (cache miss), $0.014 (cache hit), $0.28 output per 1M tokens; the current page (api-docs.deepseek.com/quick_start/pricing) lists only deepseek-chat and deepseek-reasoner',
  },
];

/** The rows, checked once at load: a bad row is a programming error named by its position and field. */
export const SUPPLEMENT: readonly SupplementRow[] = ROWS.map((r, i) => {
  const parsed = SupplementRow.safeParse(r);
  if (!parsed.success) throw new Error(`price supplement row ${i} (${r.ids?.join(', ')}): ${parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  return parsed.data;
});

/** The supplement's price for a model id (any of the candidate spellings), or undefined. */
export function supplementPrice(ids: readonly string[]): SupplementRow | undefined {
  const wanted = new Set(ids.map((i) => i.toLowerCase()));
  return SUPPLEMENT.find((r) => r.ids.some((id) => wanted.has(id.toLowerCase())));
}

/** How a supplement row is named as a price's source (hover, reports). */
export function supplementSource(r: SupplementRow): string {
  return `${r.url} as of ${r.asOf}${r.retired ? ` (retired: priced at its last published price — ${r.retired})` : ''}`;
}
