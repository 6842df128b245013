import type { TRouterOutputs } from '../trpc/types';

type TSubscribers = TRouterOutputs['subscribers'];
export type TSubscriberRow = TSubscribers['list']['items'][number];
export type TSubscriberDetail = TSubscribers['get'];
export type TSubscriptionRow = TSubscriberDetail['subscriptions'][number];
export type TEntitlementRow = TSubscribers['entitlements'][number];
export type TSessionRow = TSubscribers['telemetry']['sessions'][number];
export type TSupportHit = TSubscribers['search'][number];
export type TImportReport = TSubscribers['import'];
export type TDeviceRow = TSubscribers['devices']['list']['items'][number];
