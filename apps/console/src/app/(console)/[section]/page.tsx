import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { ComingSoon } from '../../../shell/coming-soon';
import { NotPermitted } from '../../../shell/not-permitted';

interface SectionPageProps {
  params: Promise<{ section: string }>;
}

/** Placeholder for navigation entries a later release builds; a real page at the same path takes over. */
export async function generateMetadata({ params }: SectionPageProps): Promise<Metadata> {
  const item = findNavItem(`/${(await params).section}`);
  return { title: item?.label ?? 'Not found' };
}

export default async function SectionPage({ params }: SectionPageProps) {
  const item = findNavItem(`/${(await params).section}`);
  if (item?.status !== 'planned') notFound();
  const operator = await requireOperator();
  return canOpen(operator.role, item) ? <ComingSoon item={item} /> : <NotPermitted item={item} />;
}
