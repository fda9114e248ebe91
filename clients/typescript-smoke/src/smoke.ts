// Uses the client generated from the served OpenAPI document (src/api.d.ts, by openapi-typescript)
// the way a TypeScript service would: send a notification, read its status, and handle a 400 and a
// 429 from what the document declares. Run by scripts/openapi-check.sh against a running service.
import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

// The two things this script needs from Node, declared here rather than pulling in @types/node.
declare const process: { env: Record<string, string | undefined>; exitCode?: number };

type Problem = components["schemas"]["ProblemDetails"];
type ValidationProblem = components["schemas"]["HttpValidationProblemDetails"];
type Status = components["schemas"]["NotificationView"]["status"];

const baseUrl = required("USHERU_URL");
const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${required("USHERU_API_KEY")}` } });

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}.`);
  return value;
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`Failed: ${what}`);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls again after Retry-After seconds while the key is over its rate limit, as the 429 declares. */
async function politely<T extends { response: Response }>(call: () => Promise<T>): Promise<T> {
  for (;;) {
    const answer = await call();
    if (answer.response.status !== 429) return answer;
    await pause(Number(answer.response.headers.get("Retry-After") ?? "1") * 1000);
  }
}

// 1. Send a notification: 202 with its id, and a Location naming it.
const sent = await politely(() =>
  client.POST("/v1/notifications", {
    params: { header: { "Idempotency-Key": `smoke-${Date.now()}` } },
    body: {
      to: [{ email: "ann@example.com", name: "Ann" }],
      content: { email: { subject: "Tickets for {{ film }}", text: "Hello {{ recipient.name }}, book now." } },
      data: { film: "Dune: Part Three" },
      category: "transactional",
      metadata: { bookingId: "B-991" },
    },
  }),
);
check(sent.response.status === 202 && sent.data !== undefined, `send answers 202 (got ${sent.response.status})`);
const id: string = sent.data.id;
check(sent.response.headers.get("Location") === `/v1/notifications/${id}`, "the 202 names the notification in Location");
console.log(`sent ${id}: ${sent.data.status}`);

// 2. Read its status until it ends.
const ended: Status[] = ["completed", "failed", "cancelled"];
let status: Status = "accepted";
for (let attempt = 0; attempt < 120 && !ended.includes(status); attempt++) {
  const read = await politely(() => client.GET("/v1/notifications/{id}", { params: { path: { id } } }));
  check(read.data !== undefined, `reading the notification answers 200 (got ${read.response.status})`);
  status = read.data.status;
  if (!ended.includes(status)) await pause(250);
}
check(status === "completed", `the notification completes (last status: ${status})`);
console.log(`status of ${id}: ${status}`);

// 3. A 400: the problem names the field at fault.
const refused = await politely(() => client.POST("/v1/notifications", { body: { to: [], content: { sms: { text: "hi" } } } }));
const invalid: ValidationProblem | undefined = refused.error as ValidationProblem | undefined;
check(refused.response.status === 400 && invalid !== undefined, `an empty 'to' answers 400 (got ${refused.response.status})`);
check(refused.response.headers.get("Content-Type")?.startsWith("application/problem+json") === true, "the 400 is problem+json");
check(Object.keys(invalid.errors ?? {}).some((field) => field.toLowerCase().startsWith("to")), `the 400 names 'to' (${JSON.stringify(invalid.errors)})`);
console.log(`400 as declared: ${JSON.stringify(invalid.errors)}`);

// 4. A 429: call until the key is over its limit, then wait Retry-After and be let in again.
let limited: { status: number; retryAfter: number; problem?: Problem } | undefined;
for (let attempt = 0; attempt < 200 && limited === undefined; attempt++) {
  const stats = await client.GET("/v1/stats");
  if (stats.response.status === 429) {
    limited = { status: 429, retryAfter: Number(stats.response.headers.get("Retry-After")), problem: stats.error };
  } else {
    check(stats.data !== undefined, `stats answer 200 (got ${stats.response.status})`);
  }
}
check(limited !== undefined && limited.retryAfter >= 1, "over the rate limit a 429 with Retry-After comes");
check(limited.problem?.status === 429, "the 429 is a problem with status 429");
await pause(limited.retryAfter * 1000);
const again = await client.GET("/v1/stats");
check(again.response.status === 200, `after Retry-After the key is let in again (got ${again.response.status})`);
console.log(`429 as declared: Retry-After ${limited.retryAfter} s, then 200 again`);
console.log("typescript smoke: passed");
