export { type Cause, type SendingIdentity, causeOf, sendingIdentityOf, sendingIpOf } from './cause';
export { DEFAULT_INCIDENT_POLICY, type IncidentEvent, type IncidentPolicy } from './model';
export { INCIDENT_STATES, type Incident, IncidentSchema, type IncidentStateName } from './records';
export { type IncidentStore, createIncidentStore, incidentOf } from './store';
