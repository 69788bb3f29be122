import { test, expect } from '@playwright/test';
import { contextAs, hydrated } from './helpers';

test('the shell renders, hydrates and switches language without a reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Your journey maps' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await hydrated(page);

  // Only works once the wasm runs: the select re-renders the page in place.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('pt-BR');
  await expect(page.getByRole('heading', { name: 'Seus mapas de jornada' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Novo mapa' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');

  // The choice is remembered: the server renders the next page in Portuguese.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Seus mapas de jornada' })).toBeVisible();
  await hydrated(page);

  await page.getByRole('combobox', { name: 'Idioma' }).selectOption('ru');
  await expect(page.getByRole('heading', { name: 'Ваши карты пути клиента' })).toBeVisible();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('button', { name: 'Новая карта' })).toBeVisible();
});

test('Accept-Language picks the language when there is no cookie', async ({ browser }) => {
  const context = await contextAs(browser, 'Olga Owner', { locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Ваши карты пути клиента' })).toBeVisible();
  await context.close();
});

test('dark mode follows the system until the person switches it, and stays switched', async ({ browser }) => {
  // A system set to dark: the page is dark from the first paint, and the switch says so.
  const context = await contextAs(browser, 'Olga Owner', { colorScheme: 'dark' });
  const page = await context.newPage();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.goto('/');
  await hydrated(page);
  const dark = page.getByRole('switch', { name: 'Dark mode' });
  await expect(dark).toHaveAttribute('aria-checked', 'true');
  expect(await background()).toBe('rgb(17, 19, 24)');
  await page.screenshot({ path: 'test-results/dark-dashboard.png' });
  // Switched off: light now, and after a reload, whatever the system says.
  await dark.click();
  await expect(dark).toHaveAttribute('aria-checked', 'false');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await background()).toBe('rgb(245, 246, 248)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await hydrated(page);
  await expect(dark).toHaveAttribute('aria-checked', 'false');
  // And on again: the server renders the next page dark.
  await dark.click();
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).toBe('rgb(17, 19, 24)');
  await context.close();
});

test('an unknown address answers 404 with a page', async ({ page }) => {
  const res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  const missing = await page.goto('/maps/doesnotexist');
  expect(missing?.status()).toBe(404);
});

test('health check reports the database', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
});
