// What fills an interpolated expression at run time, read from the expression itself: calls that
// produce times or ids, else the name it reads (classified as template placeholders are).
import type { DynamicKind } from '../../model';
import { classifyPlaceholder } from '../promptFiles/template';

const TIMESTAMP_CALL = /\b(datetime\.(?:now|utcnow|today)|date\.today|time\.(?:time|strftime|ctime)|new Date\b|Date\.now|toISOString|toLocaleString|toLocaleDateString|toUTCString|strftime|isoformat|now\(\)|today\(\))/;
const UUID_CALL = /\b(uuid\d?\s*\(|uuid\.uuid\d|randomUUID|nanoid|ulid|secrets\.token_hex|token_urlsafe)/;

/** Classify a placeholder expression (`datetime.now()`, `user.name`, `docs`). */
export function classifyExpression(expr: string): { kind: DynamicKind; volatile: boolean } {
  const e = expr.trim();
  if (TIMESTAMP_CALL.test(e)) return { kind: 'timestamp', volatile: true };
  if (UUID_CALL.test(e)) return { kind: 'uuid', volatile: true };
  // `self.history`, `ctx.user.name`, `docs[0]`, `"\n".join(chunks)`: classify by the names read.
  const names = e.match(/[A-Za-z_]\w*/g) ?? [];
  for (const name of [...names].reverse()) {
    const c = classifyPlaceholder(name);
    if (c.kind !== 'interpolated') return c;
  }
  return { kind: 'interpolated', volatile: true };
}
