import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leakedSecrets, readScanInputs, secretsInMessage } from './log-scan';

const userId = '0b6c3f0e-1b2a-4c3d-8e9f-0a1b2c3d4e5f';

describe('the log scan (npm test: logs contain no typed secret)', () => {
  it('reads stderr as well as stdout, and says which log is missing', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'log-scan-'));
    const [secrets, out, err] = ['typed-secrets.txt', 'e2e-server.log', 'e2e-server.stderr.log'].map((f) => path.join(dir, f));
    writeFileSync(secrets!, 'short\nwillow kettle 42\nQ7KD2M9P\n');
    writeFileSync(out!, '{"event":"request","path":"/sign-in","status":200}\n');
    writeFileSync(err!, ' ⨯ Error: Failed query: update users set ...\nparams: willow kettle 42,Q7KD2M9P\n');
    const inputs = readScanInputs(secrets!, [out!, err!]);
    expect(inputs.secrets).toEqual(['willow kettle 42', 'Q7KD2M9P']);
    expect(leakedSecrets(inputs.secrets, inputs.log)).toEqual(['willow kettle 42', 'Q7KD2M9P']);
    expect(readScanInputs(secrets!, [out!, path.join(dir, 'none.log')]).missing).toEqual([path.join(dir, 'none.log')]);
  });

  it('finds a token that embeds a user id, but no PIN inside a request id', () => {
    const unsubscribe = `${userId}.offers.k3Jd8s0aLq2mZx7cVb5nQw`;
    expect(leakedSecrets([unsubscribe], `{"msg":"unsubscribe ${unsubscribe}","requestId":"${userId}"}`)).toEqual([unsubscribe]);
    expect(leakedSecrets(['482916', userId], `{"requestId":"48291600-1b2a-4c3d-8e9f-0a1b2c3d4e5f","userId":"${userId}"}`)).toEqual([]);
    expect(leakedSecrets(['482916'], '{"orderTotal":14829160}')).toEqual([]);
  });

  it('takes every emailed token and code out of a message', () => {
    const text = [
      'Choose a new password: http://localhost:3100/reset-password?token=Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OQ',
      'Unsubscribe: http://localhost:3100/unsubscribe?token=' + encodeURIComponent(`${userId}.offers.abcDEF123`),
      'Your code is Q7KD2M9P. Enter it on the page where you reported inaccurate information (report #12).',
      'Your Account Center code is 7HJ3KD9W. It expires in 10 minutes.',
    ].join('\n');
    expect(secretsInMessage(text, '<http://localhost:3100/api/unsubscribe?token=xyzUVW987654>')).toEqual([
      'Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OQ',
      `${userId}.offers.abcDEF123`,
      'xyzUVW987654',
      'Q7KD2M9P',
      '7HJ3KD9W',
    ]);
  });
});
