import '@fontsource-variable/inter';
import './globals.css';
import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';

export const metadata: Metadata = {
  title: { default: 'Keten', template: '%s · Keten' },
  description: 'Keten IPTV operations console',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, every page: a prerendered page would carry no CSP nonce and its scripts would not run.
  await connection();
  return (
    <html lang="en">
      <body className="bg-slate-50 text-sm text-slate-900">{children}</body>
    </html>
  );
}
