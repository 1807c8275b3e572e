/** Every error code the catalogue answers with (the `code` of its problem documents). */
export const CATALOG_ERRORS = {
  eventNotFound: 'CATALOG.EVENT_NOT_FOUND',
  eventNotEditable: 'CATALOG.EVENT_NOT_EDITABLE',
  eventNotDraft: 'CATALOG.EVENT_NOT_DRAFT',
  eventIncomplete: 'CATALOG.EVENT_INCOMPLETE',
  eventHasOrders: 'CATALOG.EVENT_HAS_ORDERS',
  eventHasSales: 'CATALOG.EVENT_HAS_SALES',
  occurrenceNotFound: 'CATALOG.OCCURRENCE_NOT_FOUND',
  ticketTypeNotFound: 'CATALOG.TICKET_TYPE_NOT_FOUND',
  ticketTypeHasSales: 'CATALOG.TICKET_TYPE_HAS_SALES',
  capacityBelowSold: 'CATALOG.CAPACITY_BELOW_SOLD',
  lastPart: 'CATALOG.LAST_PART',
  notOrganizerMember: 'CATALOG.NOT_ORGANIZER_MEMBER',
  categoryNotFound: 'CATALOG.CATEGORY_NOT_FOUND',
  categoryExists: 'CATALOG.CATEGORY_EXISTS',
  categoryInUse: 'CATALOG.CATEGORY_IN_USE',
  templateNotFound: 'CATALOG.TEMPLATE_NOT_FOUND',
  notTemplateOwner: 'CATALOG.NOT_TEMPLATE_OWNER',
  imageNotMultipart: 'CATALOG.IMAGE_NOT_MULTIPART',
  imageTooLarge: 'CATALOG.IMAGE_TOO_LARGE',
  imageTypeUnsupported: 'CATALOG.IMAGE_TYPE_UNSUPPORTED',
  mediaNotFound: 'CATALOG.MEDIA_NOT_FOUND',
  storageLimitExceeded: 'CATALOG.STORAGE_LIMIT_EXCEEDED',
} as const;

export type CatalogErrorCode = (typeof CATALOG_ERRORS)[keyof typeof CATALOG_ERRORS];
