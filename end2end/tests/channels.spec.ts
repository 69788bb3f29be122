import { test, expect } from '@playwright/test';
import { addCard, createStarterMap, hydrated, saved } from './helpers';

test('custom channels with an icon: on touchpoints, in the matrix, for personas', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('navigation').getByRole('link', { name: 'Channel library' }).click();
  await expect(page.getByRole('heading', { name: 'Channel library' })).toBeVisible();
  await hydrated(page);
  // The built-in channels are listed; the library has none of its own yet.
  await expect(page.getByRole('region', { name: 'Built-in channels' })).toContainText('Consultation');
  await expect(page.getByText('No channels of your own yet.')).toBeVisible();

  // A name that a built-in channel has is refused with a message.
  const add = page.getByRole('form', { name: 'Add channel' });
  await add.getByLabel('Channel name').fill('website');
  await page.getByRole('button', { name: 'Add channel' }).click();
  await expect(page.getByRole('alert')).toHaveText('A channel with this name already exists.');

  await add.getByLabel('Channel name').fill('Gift card');
  await add.getByRole('radio', { name: 'Gift' }).check();
  await page.getByRole('button', { name: 'Add channel' }).click();
  const yours = page.getByRole('region', { name: 'Your channels' });
  await expect(yours.getByRole('listitem').filter({ hasText: 'Gift card' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Channel saved.');

  // Rename it.
  await yours.getByRole('button', { name: 'Edit Gift card' }).click();
  const edit = page.getByRole('form', { name: 'Edit Gift card' });
  await expect(edit.getByRole('radio', { name: 'Gift' })).toBeChecked();
  await edit.getByLabel('Channel name').fill('Gift voucher');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(yours.getByRole('listitem').filter({ hasText: 'Gift voucher' })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(yours.getByRole('listitem').filter({ hasText: 'Gift voucher' })).toBeVisible();

  // A touchpoint card uses it: its icon and name show on the card and in the matrix.
  await createStarterMap(page, 'Vouchers');
  await addCard(page, 'Loyalty', 'Touchpoints', 'Receives a voucher');
  const card = page.getByRole('article', { name: 'Receives a voucher' });
  await card.hover();
  await card.getByRole('button', { name: 'Card details' }).click();
  const editor = page.getByRole('group', { name: 'Card details' });
  await editor.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'Gift voucher' });
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(card).toContainText('Gift voucher');
  await expect(card.locator('.badge.channel svg')).toBeVisible();
  await saved(page);
  await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Channels' }).click();
  await expect(page.getByRole('table').getByRole('row', { name: /Gift voucher/ })).toContainText('Receives a voucher');
  const mapUrl = page.url();

  // Personas can prefer it.
  await page.goto('/personas/new');
  await hydrated(page);
  await expect(page.getByRole('checkbox', { name: 'Gift voucher' })).toBeVisible();

  // It cannot be deleted while a card uses it.
  await page.goto('/channels');
  await hydrated(page);
  page.on('dialog', (d) => d.accept());
  await yours.getByRole('button', { name: 'Delete Gift voucher' }).click();
  await expect(page.getByRole('alert')).toContainText('Touchpoint cards still use this channel (1)');
  // Once the card is gone, it can.
  await page.goto(mapUrl);
  await hydrated(page);
  await card.hover();
  await card.getByRole('button', { name: 'Delete card' }).click();
  await expect(card).toHaveCount(0);
  await saved(page);
  await page.goto('/channels');
  await hydrated(page);
  await yours.getByRole('button', { name: 'Delete Gift voucher' }).click();
  await expect(page.getByText('No channels of your own yet.')).toBeVisible();
});
