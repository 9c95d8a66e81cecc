// What fills an interpolated expression at run time, read from the expression itself.
import type { DynamicKind } from '../../model';

const TIMESTAMP = /\b(datetime\.(?:now|utcnow|today)|date\.today|time\.time|time\.strftime|new Date\b|Date\.now|toISOString|toLocaleString|toLocaleDateString|strftime|isoformat|now\(\)|today\(\)|timestamp|current_time|currentTime|current_date|currentDate)\b/i;
const UUID = /\b(uuid\d?|randomUUID|nanoid|request_id|requestId|session_id|sessionId|trace_id|traceId|correlation_id|correlationId|run_id|runId)\b/i;
const RETRIEVED = /\b(context|contexts|documents?|docs|chunks?|retrieved|sources|passages|search_results|searchResults|hits|snippets|knowledge|rag)\b/i;
const HISTORY = /\b(history|chat_history|chatHistory|messages|conversation|transcript|memory)\b/i;
const TOOL = /\b(tool_result|toolResult|tool_output|toolOutput|observation|function_response|result)\b/i;
const USER = /\b(user|user_name|userName|username|customer|question|query|input|message|msg|prompt|request|ticket|email|text|body|content|name|profile|account)\b/i;

/** Classify a placeholder expression (`datetime.now()`, `user.name`, `docs`). Everything dynamic is volatile unless shown stable. */
export function classifyExpression(expr: string): { kind: DynamicKind; volatile: boolean } {
  const e = expr.trim();
  if (TIMESTAMP.test(e)) return { kind: 'timestamp', volatile: true };
  if (UUID.test(e)) return { kind: 'uuid', volatile: true };
  if (RETRIEVED.test(e)) return { kind: 'retrieved-documents', volatile: true };
  if (HISTORY.test(e)) return { kind: 'history', volatile: true };
  if (TOOL.test(e)) return { kind: 'tool-output', volatile: true };
  if (USER.test(e)) return { kind: 'user-data', volatile: true };
  return { kind: 'interpolated', volatile: true };
}
