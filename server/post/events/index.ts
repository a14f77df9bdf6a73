// Event shipping (issue 15, item 4): the hub's routes and kiosk view, the kiosk's shipper.
export { postEventRoutes, SHIP_BODY_LIMIT, type PostEventRouteDeps } from './routes';
export { kioskLinkStatus, DEFAULT_ATTENTION, type AttentionBounds } from './status';
export { startEventShipper, SHIPPER_DEFAULTS, type EventShipper, type EventShipperOptions, type ShipperStatus } from './shipper';
