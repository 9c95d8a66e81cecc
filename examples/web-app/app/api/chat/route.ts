import { openai } from '@ai-sdk/openai';
import { convertToModelMessages, streamText, type UIMessage } from 'ai';
import { HELP_DESK_SYSTEM } from '../../../lib/prompts';

const CHAT_MODEL = process.env.CHAT_MODEL ?? 'gpt-4o';

export async function POST(req: Request) {
  const { messages }: { messages: UIMessage[] } = await req.json();

  const result = streamText({
    model: openai(CHAT_MODEL),
    system: HELP_DESK_SYSTEM,
    messages: convertToModelMessages(messages),
    maxOutputTokens: 800,
  });

  return result.toUIMessageStreamResponse();
}
