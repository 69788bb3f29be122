import { test, expect } from '@playwright/test';
import { addCard, cell, createClinicMap, hydrated, openAs } from './helpers';

// Maps made from maps: duplicate a map, save one as a workspace template, make a map from
// the template, delete the template. Driven by the names a screen reader hears.
test('duplicate a map, save it as a template, make a map from it, delete the template', async ({ page }) => {
  const tag = Date.now().toString(36);
  const title = `Reuse clinic ${tag}`;
  await createClinicMap(page, title);
  await addCard(page, 'The procedure', 'Pain points', `Only in ${tag}`);

  // Duplicate: the copy is listed and has the card.
  await page.goto('/');
  await hydrated(page);
  const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: new RegExp(`^${title}`) }) });
  await row.getByRole('button', { name: 'Duplicate map' }).click();
  const copyLink = page.getByRole('link', { name: new RegExp(`^Copy of ${title}`) });
  await expect(copyLink).toBeVisible();
  await copyLink.click();
  await expect(page.getByRole('grid', { name: `Copy of ${title}` })).toBeVisible();
  await hydrated(page);
  await expect(cell(page, 'The procedure', 'Pain points')).toContainText(`Only in ${tag}`);

  // Save the original as a template, named.
  await page.goto('/');
  await hydrated(page);
  await row.getByRole('button', { name: 'Save as template' }).click();
  await row.getByRole('textbox', { name: 'Template name' }).fill(`Monthly review ${tag}`);
  await row.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(row.getByRole('status')).toContainText(`Monthly review ${tag}`);

  // A new map from it has the stages, the personas' curves and the card.
  await page.getByRole('button', { name: 'New map' }).click();
  const choice = page.getByRole('radio', { name: new RegExp(`Monthly review ${tag}`) });
  await expect(page.getByRole('group', { name: "Your workspace's templates" })).toContainText('5 stages');
  await choice.check();
  await page.getByLabel('Title').fill(`From template ${tag}`);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByRole('grid', { name: `From template ${tag}` })).toBeVisible();
  await hydrated(page);
  await expect(cell(page, 'The procedure', 'Pain points')).toContainText(`Only in ${tag}`);
  await expect(page.getByRole('slider').first()).toBeVisible();

  // Delete the template: it is no longer offered.
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('button', { name: 'New map' }).click();
  const saved = page.locator('.saved-template').filter({ hasText: `Monthly review ${tag}` });
  await saved.getByRole('button', { name: 'Delete template' }).click();
  await saved.getByRole('alertdialog', { name: 'Delete template' }).getByRole('button', { name: 'Delete template' }).click();
  await expect(page.getByRole('radio', { name: new RegExp(`Monthly review ${tag}`) })).toHaveCount(0);
});

test('move a map to another workspace: it leaves the dashboard and arrives with its personas and history', async ({ browser }) => {
  const run = Date.now().toString(36);
  const page = await openAs(browser, '/members', 'Caio');
  // Caio makes a workspace of his own (and lands in it), then goes back to the clinic.
  const fresh = page.getByRole('region', { name: 'New workspace' });
  await fresh.getByLabel('Workspace name').fill(`Studio ${run}`);
  await fresh.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Your journey maps' })).toBeVisible();
  await hydrated(page);
  const switcher = page.locator('select.workspace-switch');
  // Switching reloads the dashboard: wait for that page, not the one it replaces.
  const switchTo = async (name: string) => {
    const loaded = page.waitForEvent('load');
    await switcher.selectOption({ label: name });
    await loaded;
    await expect(switcher.locator('option:checked')).toHaveText(name);
    await hydrated(page);
  };
  try {
    await switchTo('Clinic');
    await createClinicMap(page, `Moving ${run}`);
    await page.goto('/');
    await hydrated(page);
    const link = page.getByRole('link', { name: new RegExp(`^Moving ${run}`) });
    const row = page.getByRole('listitem').filter({ has: link });
    await row.getByRole('button', { name: 'Move to workspace' }).click();
    const form = row.getByRole('form', { name: 'Move to workspace' });
    await expect(form).toContainText('history, comments and customer answers go with it');
    await form.getByLabel('Workspace').selectOption({ label: `Studio ${run}` });
    await form.getByRole('button', { name: 'Move', exact: true }).click();
    await expect(link).toHaveCount(0);

    await switchTo(`Studio ${run}`);
    await expect(link).toBeVisible();
    await link.click();
    await expect(page.getByRole('grid', { name: `Moving ${run}` })).toBeVisible();
    await hydrated(page);
    // The personas came along (copied into this workspace's library), curves and all.
    await expect(page.getByRole('button', { name: 'Show Marina, new client' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('svg.emotion-curves path')).not.toHaveCount(0);
    await page.goto('/personas');
    await hydrated(page);
    await expect(page.getByRole('link', { name: /Marina, new client/ })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Client segments' })).toContainText('Regular client');
  } finally {
    await switchTo('Clinic');
  }
});
