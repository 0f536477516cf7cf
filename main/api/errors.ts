// The api answers with ApiErrors; services throw ApiFailure or let LibvirtErrors through, and
// toApiError turns either into the contract's shape (it lives with the services, which raise them).
export { ApiFailure, isNotFound, toApiError } from '../services/errors';
