import { test, expect } from '@playwright/test';
import { addCard, createStarterMap, hydrated, saved } from './helpers';

// History and versions (#16): save a version, change the map, see the change in the
// History list, open the past (read only), restore the version for everyone, and undo the
// restore through the safety version Jornada saved first.

test('save a version, change the map, restore the version, undo the restore', async ({ page }) => {
  await createStarterMap(page, `History ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees an ad');
  const views = page.getByRole('group', { name: 'View' });
  await views.getByRole('button', { name: 'History' }).click();
  await page.getByRole('textbox', { name: 'Version name' }).fill('Before the workshop');
  await page.getByRole('button', { name: 'Save version' }).click();
  const versions = page.getByRole('list', { name: 'Versions' });
  await expect(versions).toContainText('Before the workshop');

  await views.getByRole('button', { name: 'Board' }).click();
  await addCard(page, 'Decision', 'Pain points', 'Too expensive');
  await views.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('list', { name: 'History' });
  await expect(history.getByRole('listitem').first()).toContainText('added 2 cards');

  // The past, read only: the version has no "Too expensive".
  await versions.getByRole('listitem').filter({ hasText: 'Before the workshop' }).getByRole('button', { name: 'Open' }).click();
  const past = page.getByRole('region', { name: 'As it was: Before the workshop' });
  await expect(past.getByRole('status')).toContainText('read only');
  await expect(past).toContainText('Sees an ad');
  await expect(past).not.toContainText('Too expensive');
  // Compared with now, the later card is listed as added; with itself, nothing differs.
  await past.getByRole('button', { name: 'Compare' }).click();
  await expect(past).toContainText('added since');
  await expect(past).toContainText('Too expensive');
  await past.getByRole('combobox', { name: 'Compare with' }).selectOption({ label: 'Before the workshop' });
  await expect(past).not.toContainText('Too expensive');
  await past.getByRole('button', { name: 'Back to now' }).click();

  page.once('dialog', (d) => d.accept());
  await versions.getByRole('listitem').filter({ hasText: 'Before the workshop' }).getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Restored: 1 change.' })).toBeVisible();
  await views.getByRole('button', { name: 'Board' }).click();
  await expect(page.getByRole('article', { name: 'Sees an ad' })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Too expensive' })).toHaveCount(0);

  // Undo the restore: the safety version brings the card back.
  await views.getByRole('button', { name: 'History' }).click();
  page.once('dialog', (d) => d.accept());
  await versions.getByRole('listitem').filter({ hasText: 'saved before a restore' }).first().getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Restored: 1 change.' })).toBeVisible();
  await views.getByRole('button', { name: 'Board' }).click();
  await expect(page.getByRole('article', { name: 'Too expensive' })).toBeVisible();
});

// Undo is one's own and survives a reload: rebuilt from one's ops in the log.
test('undo and redo survive a reload', async ({ page }) => {
  await createStarterMap(page, `Undo ${Date.now().toString(36)}`);
  await addCard(page, 'Awareness', 'Steps', 'Sees an ad');
  await addCard(page, 'Decision', 'Pain points', 'Too expensive');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('article', { name: 'Too expensive' })).toHaveCount(0);
  await saved(page);

  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Redo' })).toBeEnabled();
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByRole('article', { name: 'Too expensive' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('article', { name: 'Sees an ad' })).toHaveCount(0);
  await saved(page);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('article', { name: 'Sees an ad' })).toHaveCount(0);
});
