import type { TRouterOutputs } from '../trpc/types';

type TSubscribers = TRouterOutputs['subscribers'];
export type TSubscriberRow = TSubscribers['list']['items'][number];
export type TSubscriberDetail = TSubscribers['get'];
export type TSubscriptionRow = TSubscriberDetail['subscriptions'][number];
export type TBoxEntitlements = TSubscribers['entitlements']['boxes'][number];
export type TEntitlementRow = TBoxEntitlements['channels'][number];
export type TWithheldReason = TEntitlementRow['withheld'][number]['reason'];
export type TSupportHit = TSubscribers['search'][number];
export type TImportReport = TSubscribers['import'];
export type TDeviceRow = TSubscribers['devices']['list']['items'][number];
