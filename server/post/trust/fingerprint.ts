// The post CA's fingerprint (the pin a kiosk's enrolment code carries): shared/x509.ts, as the central CA's.
export { derFingerprint, pemFingerprint } from '../../../shared/x509';
