import { test, expect, Browser, Page } from '@playwright/test';
import { addCard, createStarterMap, hydrated } from './helpers';

/** A browser with nobody signed in. */
async function stranger(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** The owner creates an invite link on the members page and reads it off the page. */
async function inviteLink(page: Page, role: string): Promise<string> {
  await page.goto('/members');
  await hydrated(page);
  await page.getByLabel('Invite role').selectOption({ label: role });
  await page.getByLabel('Expires in (days)').fill('2');
  await page.getByRole('button', { name: 'Create invite link' }).click();
  const link = page.getByRole('textbox', { name: 'New invite link' });
  await expect(link).toHaveValue(/\/invite\/jin_/);
  return link.inputValue();
}

async function signUpThrough(browser: Browser, link: string, name: string, email: string): Promise<Page> {
  const page = await stranger(browser);
  await page.goto(link);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Join Clinic' })).toBeVisible();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(`${name.toLowerCase()}-password-1`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Your journey maps' })).toBeVisible();
  await hydrated(page);
  return page;
}

test('invited editor and viewer join; the viewer follows a read-only board live', async ({ page, browser }) => {
  const editorLink = await inviteLink(page, 'Editor');
  const viewerLink = await inviteLink(page, 'Viewer');
  const edu = await signUpThrough(browser, editorLink, 'Edu', 'edu@example.com');
  const vera = await signUpThrough(browser, viewerLink, 'Vera', 'vera@example.com');

  // Roles show where it matters: the viewer cannot create maps; the owner manages members.
  await expect(edu.getByRole('button', { name: 'New map' })).toBeVisible();
  await expect(vera.getByRole('button', { name: 'New map' })).toHaveCount(0);
  await vera.goto('/personas');
  await hydrated(vera);
  await expect(vera.getByRole('heading', { name: 'Persona library' })).toBeVisible();
  await expect(vera.getByRole('link', { name: 'New persona' })).toHaveCount(0);
  await expect(edu.getByRole('link', { name: 'Maps' })).toBeVisible();
  await page.goto('/members');
  await expect(page.getByRole('combobox', { name: 'Role of Vera' })).toHaveValue('viewer');
  await expect(page.getByRole('combobox', { name: 'Role of Edu' })).toHaveValue('editor');

  // The editor builds a map; the viewer opens it and sees it change live, without edit controls.
  await createStarterMap(edu, 'Clinic visit');
  const url = edu.url();
  await vera.goto(url);
  await hydrated(vera);
  await expect(vera.getByRole('grid', { name: 'Clinic visit' })).toBeVisible();
  await expect(vera.getByRole('status').filter({ hasText: 'View only' })).toBeVisible();
  await expect(vera.getByRole('button', { name: 'Add card' })).toHaveCount(0);
  await expect(vera.getByRole('button', { name: 'Undo' })).toHaveCount(0);
  await addCard(edu, 'Awareness', 'Steps', 'Finds the clinic online');
  const card = vera.getByRole('article', { name: 'Finds the clinic online' });
  await expect(card).toBeVisible();
  // Keys that edit do nothing for a viewer.
  await card.focus();
  await vera.keyboard.press('Delete');
  await vera.keyboard.press('Enter');
  await expect(vera.getByRole('textbox', { name: 'Card text' })).toHaveCount(0);
  await expect(edu.getByRole('article', { name: 'Finds the clinic online' })).toBeVisible();

  // Signing out ends the session; signing in again works.
  await edu.getByRole('button', { name: 'Sign out' }).click();
  await expect(edu).toHaveURL(/\/signin/);
  await edu.goto(url);
  await expect(edu).toHaveURL(/\/signin\?next=/);
  await hydrated(edu);
  await edu.getByLabel('Email').fill('edu@example.com');
  await edu.getByLabel('Password').fill('edu-password-1');
  await edu.getByRole('button', { name: 'Sign in' }).click();
  await expect(edu.getByRole('grid', { name: 'Clinic visit' })).toBeVisible();
});

test('a share link shows the map live to anyone until it is revoked', async ({ page, browser }) => {
  await createStarterMap(page, 'Shared journey');
  const board = page.url();
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share links' });
  await dialog.getByRole('button', { name: 'Create share link' }).click();
  const link = await dialog.getByRole('textbox', { name: 'New share link' }).inputValue();
  expect(link).toMatch(/\/s\/jsh_/);

  const guest = await stranger(browser);
  await guest.goto(link);
  await hydrated(guest);
  await expect(guest.getByRole('grid', { name: 'Shared journey' })).toBeVisible();
  await expect(guest.getByRole('status').filter({ hasText: 'View only' })).toBeVisible();
  await expect(guest.getByRole('button', { name: 'Add card' })).toHaveCount(0);
  await addCard(page, 'Decision', 'Thoughts', 'Is it worth the price?');
  await expect(guest.getByRole('article', { name: 'Is it worth the price?' })).toBeVisible();
  // The link opens this board only.
  const other = await guest.goto('/');
  expect(other?.url()).toMatch(/\/signin/);

  await page.goto(board);
  await hydrated(page);
  await page.getByRole('button', { name: 'Share' }).click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: /^Revoke share link/ }).click();
  await expect(page.getByRole('dialog', { name: 'Share links' }).getByText('No share links.')).toBeVisible();
  const gone = await guest.goto(link);
  expect(gone?.status()).toBe(404);
  await expect(guest.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('repeated wrong passwords are throttled, even before the right one', async ({ browser }) => {
  const page = await stranger(browser);
  await page.goto('/signin');
  await hydrated(page);
  await page.getByLabel('Email').fill('bia@example.com');
  for (let i = 0; i < 5; i++) {
    await page.getByLabel('Password').fill(`wrong guess ${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  await page.getByLabel('Password').fill('bia-password-1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/Too many failed attempts\. Try again in \d+ min\./);
  await expect(page).toHaveURL(/\/signin/);
});

test('the sign-in page speaks the visitor’s language', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, locale: 'pt-BR' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('heading', { name: 'Entrar' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('E-mail').fill('nobody@example.com');
  await page.getByLabel('Senha').fill('whatever-password');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('alert')).toHaveText('E-mail ou senha incorretos.');
});
