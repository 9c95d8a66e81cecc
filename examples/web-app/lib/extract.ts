import { anthropic } from '@ai-sdk/anthropic';
import { generateObject } from 'ai';
import { z } from 'zod';
import { EXTRACTION_INSTRUCTIONS } from './prompts';

const Ticket = z.object({
  orderNumber: z.string().nullable(),
  product: z.string().nullable(),
  problem: z.enum(['damaged', 'late', 'wrong-item', 'question', 'other']),
});

export async function extractTicket(message: string) {
  const { object } = await generateObject({
    model: anthropic('claude-sonnet-4-5'),
    schema: Ticket,
    prompt: `${EXTRACTION_INSTRUCTIONS}\n\nMessage: ${message}`,
  });
  return object;
}
