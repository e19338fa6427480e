/** Wage cases (C1–C4, M1–M4): filing and routing, the moves, the lists. See src/domain/case-states.ts. */
export { fileWageClaim, fileCaseFromAlert, type WageClaimInput } from './filing';
export {
  verifyWageClaim,
  orderPayment,
  recordWagePayment,
  fileCase,
  transferToPolice,
  recordPoliceResult,
  guideToCourt,
  closeCase,
  LISTING_DECISION_WORKING_DAYS,
  type VerificationInput,
  type VerificationLineInput,
} from './handling';
export { escalateCaseToGovernment } from './escalation';
export { listCases, type CaseFilter } from './queries';
export { findCase, caseScope } from './scope';
export { seesWorkerNames, routedTo, caseActors } from './actors';
export { routeClaim } from './routing';
export { loadListingFacts, recordCaseTransition, type ListingFacts } from './listing-facts';
