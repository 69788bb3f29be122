import { request, FullConfig } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

/** Accounts every test can use: the owner who set the server up, and two editors who
 * joined through an invite link. Each signed-in state is saved for `storageState`. */
export const OWNER = { name: 'Olga Owner', email: 'owner@example.com', password: 'owner-password-1' };
export const EDITORS = [
  { name: 'Bia', email: 'bia@example.com', password: 'bia-password-1' },
  { name: 'Caio', email: 'caio@example.com', password: 'caio-password-1' },
];
export const authDir = path.join(__dirname, '.auth');
export const stateOf = (name: string) => path.join(authDir, `${name.toLowerCase().split(' ')[0]}.json`);

/** The set-up code the servers of these tests are started with (playwright.config.ts
 * puts it in the environment, which the servers it starts inherit). */
export const setupCode = () => {
  const code = process.env.JORNADA_SETUP_CODE;
  if (!code) throw new Error('JORNADA_SETUP_CODE is not set (playwright.config.ts sets it)');
  return code;
};

export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL!;
  fs.mkdirSync(authDir, { recursive: true });
  const headers = { Origin: baseURL };
  const owner = await request.newContext({ baseURL, extraHTTPHeaders: headers });
  const setup = await owner.post('/api/auth/setup', {
    form: { name: OWNER.name, email: OWNER.email, password: OWNER.password, workspace: 'Clinic', code: setupCode() },
  });
  if (!setup.ok()) throw new Error(`set-up failed: ${setup.status()} ${await setup.text()}`);
  await owner.storageState({ path: stateOf(OWNER.name) });
  const invite = await owner.post('/api/invites/create', { form: { role: 'editor', days: '1' } });
  if (!invite.ok()) throw new Error(`invite failed: ${invite.status()} ${await invite.text()}`);
  const token = String(await invite.json()).replace('/invite/', '');
  for (const e of EDITORS) {
    const ctx = await request.newContext({ baseURL, extraHTTPHeaders: headers });
    const r = await ctx.post('/api/auth/accept', { form: { token, name: e.name, email: e.email, password: e.password } });
    if (!r.ok()) throw new Error(`${e.name} could not join: ${r.status()} ${await r.text()}`);
    await ctx.storageState({ path: stateOf(e.name) });
    await ctx.dispose();
  }
  await owner.dispose();
}
