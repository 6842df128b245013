import type { Metadata } from 'next';
import { requireOperator } from '../../auth/require-operator';
import { HomeView } from '../../home/home-view';

export const metadata: Metadata = { title: 'Home' };

export default async function HomePage() {
  const operator = await requireOperator();
  return <HomeView role={operator.role} />;
}
