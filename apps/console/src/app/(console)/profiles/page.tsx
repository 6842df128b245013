import { LoadingState, PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { ProfileTabs } from '../../../profiles/profile-tabs';
import { ProfilesWorkspace } from '../../../profiles/profiles-workspace';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Encoding profiles' };

const item = findNavItem('/profiles')!;

export default async function ProfilesPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <ProfileTabs active="/profiles" />
      <Suspense fallback={<LoadingState variant="table" />}>
        <ProfilesWorkspace canEdit={operator.role === 'CONTENT' || operator.role === 'ADMIN'} />
      </Suspense>
    </>
  );
}
