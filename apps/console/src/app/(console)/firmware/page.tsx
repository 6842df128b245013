import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../auth/require-operator';
import { FirmwareCatalogue } from '../../../firmware/firmware-catalogue';
import { NewFirmwareForm } from '../../../firmware/new-firmware-form';
import { canEditFirmware } from '../../../firmware/roles';
import { canOpen, findNavItem } from '../../../navigation';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Firmware' };

const item = findNavItem('/firmware')!;

export default async function FirmwarePage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const canEdit = canEditFirmware(operator.role);
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <div className="grid items-start gap-5 xl:grid-cols-3">
        <div className={canEdit ? 'xl:col-span-2' : 'xl:col-span-3'}>
          <FirmwareCatalogue canEdit={canEdit} />
        </div>
        {canEdit ? <NewFirmwareForm /> : null}
      </div>
    </>
  );
}
