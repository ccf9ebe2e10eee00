import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ModelId } from '../../electron/shared/domain';
import { readHeaderCredits, readInferenceId } from '../../electron/main/services/api/answer-headers';
import { requestBody } from '../../electron/main/services/api/client';
import { fake, create, useAimlClientFixture } from './support/aiml-client-fixture';
import { expectFailure, expectImage } from './support/aiml-client-expect';

// Edit and remix as the client sends them, the tracing and cost headers, and the money rules for
// both models, against the fake API over HTTP. Shared setup: support/aiml-client-fixture.ts.
useAimlClientFixture();

const SOURCE = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
let reference = '';
const referenceOf = async (width: number, height: number) =>
  `data:image/png;base64,${(
    await sharp({ create: { width, height, channels: 3, background: '#336699' } })
      .png()
      .toBuffer()
  ).toString('base64')}`;

const edit = { model: 'reve/edit-image' as ModelId, sources: [SOURCE] };
const remix = { model: 'reve/remix-edit-image' as ModelId, sources: [SOURCE, OTHER] };

describe('request bodies per model', () => {
  it('create is unchanged: model, prompt, aspect_ratio', () => {
    const params = {
      model: 'reve/create-image' as const,
      prompt: 'p',
      aspectRatio: '16:9' as const,
      sources: [],
      delivery: 'url' as const,
      outputFormat: null,
    };
    expect(requestBody(params)).toEqual({ model: 'reve/create-image', prompt: 'p', aspect_ratio: '16:9' });
  });

  it('an edit sends image_url as a data URI and no aspect_ratio; the fake accepts it', async () => {
    reference = await referenceOf(640, 480);
    await expectImage(await create({}, { prompt: 'make it night', params: { ...edit, aspectRatio: '4:3' }, references: [reference] }));
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body).toEqual({ model: 'reve/edit-image', prompt: 'make it night', image_url: reference });
  });

  it('a remix sends image_urls in order, with aspect_ratio', async () => {
    const first = await referenceOf(300, 300);
    const second = await referenceOf(400, 200);
    await expectImage(await create({}, { prompt: 'both', params: { ...remix, aspectRatio: '1:1' }, references: [first, second] }));
    expect(fake.requests[0]!.body).toEqual({ model: 'reve/remix-edit-image', prompt: 'both', image_urls: [first, second], aspect_ratio: '1:1' });
  });

  it('refuses, sending nothing, references that do not match the model', async () => {
    const error = expectFailure(await create({}, { params: edit, references: [] }), 'internal');
    expect(error.mayHaveBeenCharged).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('the fake refuses what the docs do not allow', () => {
  it('aspect_ratio on an edit is a 400 envelope', async () => {
    const response = await fetch(`${fake.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { authorization: 'Bearer reverie-test-key-0001', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'reve/edit-image', prompt: 'x', image_url: await referenceOf(8, 8), aspect_ratio: '3:2' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400, message: 'Body validation error!', errors: [{ path: ['aspect_ratio'] }] });
  });

  it.each([[{}], [{ image_url: 'not an image' }], [{ image_urls: [] }]])('a remix or edit without a usable reference is a 400 (%j)', async (fields) => {
    const model = 'image_urls' in fields ? 'reve/remix-edit-image' : 'reve/edit-image';
    const response = await fetch(`${fake.baseUrl}/images/generations`, {
      method: 'POST',
      headers: { authorization: 'Bearer reverie-test-key-0001', 'content-type': 'application/json' },
      body: JSON.stringify({ model, prompt: 'x', ...fields }),
    });
    expect(response.status).toBe(400);
  });
});

describe('the fake’s tracing headers', () => {
  it('echoes a valid X-Client-Request-Id, drops an invalid one silently, and always names the inference', async () => {
    const post = (id: string) =>
      fetch(`${fake.baseUrl}/images/generations`, {
        method: 'POST',
        headers: { authorization: 'Bearer reverie-test-key-0001', 'content-type': 'application/json', 'x-client-request-id': id },
        body: JSON.stringify({ model: 'reve/create-image', prompt: 'x' }),
      });
    const valid = await post('job:1.a_b-C');
    expect(valid.headers.get('x-client-request-id')).toBe('job:1.a_b-C');
    expect(valid.headers.get('x-inference-id')).toBe(fake.requests[0]!.inferenceId);
    expect(valid.headers.get('x-aimlapi-credits-used')).toBe('126000');
    await valid.arrayBuffer();
    const invalid = await post('x'.repeat(129));
    expect(invalid.status).toBe(201);
    expect(invalid.headers.get('x-client-request-id')).toBeNull();
    expect(invalid.headers.get('x-inference-id')).toBe(fake.requests[1]!.inferenceId);
    await invalid.arrayBuffer();
  });
});

describe('a refused reference', () => {
  it('is one clear sentence, not charged, sent once', async () => {
    const error = expectFailure(await create({}, { params: edit, references: ['data:text/plain;base64,aGk='] }), 'bad-request');
    expect(error.message).toBe('The API did not accept the reference image: image_url: Invalid input: expected an image URL or a data:image/...;base64, URI.');
    expect(error.mayHaveBeenCharged).toBe(false);
    expect(fake.requests).toHaveLength(1);
  });

  it('a 400 about the prompt stays about the request', async () => {
    fake.setScenario('400');
    const error = expectFailure(await create({}, { params: edit, references: [await referenceOf(8, 8)] }), 'bad-request');
    expect(error.message).toMatch(/^The API rejected the request/);
  });
});

describe('tracing and cost headers', () => {
  it('sends the job id as X-Client-Request-Id and keeps x-inference-id', async () => {
    const id = '6f1c2d9e-1111-4222-8333-944455556666';
    const generated = await expectImage(await create({}, { clientRequestId: id }));
    expect(fake.requests[0]!.clientRequestId).toBe(id);
    expect(generated.inferenceId).toBe(fake.requests[0]!.inferenceId);
    expect(generated.clientRequestId).toBe(id);
  });

  it('does not send an id outside [A-Za-z0-9._:-]{1,128}', async () => {
    const generated = await expectImage(await create({}, { clientRequestId: 'has space' }));
    expect(fake.requests[0]!.clientRequestId).toBeNull();
    expect(generated.clientRequestId).toBeNull();
  });

  it('prefers x-aimlapi-credits-used; the fake charges 210,000 for an edit', async () => {
    const generated = await expectImage(await create({}, { params: edit, references: [await referenceOf(8, 8)] }));
    expect(generated.credits).toBe(210_000);
  });

  it('falls back to x-aimlapi-usd-spent × 2,000,000, then to meta.usage', async () => {
    fake.setScenario('usd-header-only');
    expect((await expectImage(await create({}, { params: remix, references: [await referenceOf(8, 8), await referenceOf(9, 9)] }))).credits).toBe(210_000);
    fake.setScenario('no-cost-headers');
    expect((await expectImage(await create())).credits).toBe(126_000);
  });

  it('reads the headers tolerantly', () => {
    expect(readHeaderCredits(new Headers({ 'x-aimlapi-credits-used': '210000', 'x-aimlapi-usd-spent': '9' }))).toBe(210_000);
    expect(readHeaderCredits(new Headers({ 'x-aimlapi-usd-spent': '0.105' }))).toBe(210_000);
    expect(readHeaderCredits(new Headers({ 'x-aimlapi-credits-used': 'lots' }))).toBeNull();
    expect(readHeaderCredits(new Headers({ 'x-aimlapi-credits-used': '-5' }))).toBeNull();
    expect(readInferenceId(new Headers({ 'x-inference-id': ' abc-123 ' }))).toBe('abc-123');
    expect(readInferenceId(new Headers({ 'x-inference-id': 'x'.repeat(201) }))).toBeNull();
    expect(readInferenceId(new Headers())).toBeNull();
  });
});

describe('money rules for edit and remix', () => {
  const cases = [
    ['reve/edit-image', '500', 'server-error'],
    ['reve/edit-image', 'hang', 'timeout'],
    ['reve/edit-image', 'malformed-json', 'bad-response'],
    ['reve/remix-edit-image', '500', 'server-error'],
    ['reve/remix-edit-image', 'hang', 'timeout'],
    ['reve/remix-edit-image', 'malformed-json', 'bad-response'],
  ] as const;
  it.each(cases)('%s answered %s: may have been charged, exactly one POST', async (model, scenario, code) => {
    fake.setScenario(scenario, { times: Infinity });
    const sources = model === 'reve/edit-image' ? [SOURCE] : [SOURCE, OTHER];
    const references = await Promise.all(sources.map(() => referenceOf(16, 16)));
    const error = expectFailure(await create({ requestTimeoutMs: 300 }, { params: { model, sources }, references }), code);
    expect(error.mayHaveBeenCharged).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });
});
