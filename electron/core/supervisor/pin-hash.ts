// The kiosk verifies PINs the server hashed, so both sides share one implementation.
export * from '../../../common/staff/pin-hash';
