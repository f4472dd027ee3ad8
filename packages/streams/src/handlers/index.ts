export {
  DeserializationHandlerResponse,
  ProductionExceptionHandlerResponse,
  LogAndContinueExceptionHandler,
  LogAndFailExceptionHandler,
  DefaultProductionExceptionHandler,
  type ErrorHandlerContext,
  type RawRecord,
  type OutputRecord,
  type DeserializationExceptionHandler,
  type ProductionExceptionHandler,
} from './handlers.js';
