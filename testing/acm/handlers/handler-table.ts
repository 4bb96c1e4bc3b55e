import type { AcmOperation } from "../operations";
import type { OperationHandler } from "./operation-context";
import { importCertificate } from "./import-certificate";
import { describeCertificate, getCertificate } from "./read-certificate";
import { addTagsToCertificate, listTagsForCertificate, removeTagsFromCertificate } from "./tag-handlers";
import { listCertificates } from "./list-certificates";
import { deleteCertificate } from "./delete-certificate";

/** Operations as data: the server decodes once, looks the handler up here, encodes once. */
export const HANDLERS: Readonly<Record<AcmOperation, OperationHandler>> = {
    ImportCertificate: importCertificate,
    DescribeCertificate: describeCertificate,
    GetCertificate: getCertificate,
    AddTagsToCertificate: addTagsToCertificate,
    RemoveTagsFromCertificate: removeTagsFromCertificate,
    ListTagsForCertificate: listTagsForCertificate,
    ListCertificates: listCertificates,
    DeleteCertificate: deleteCertificate,
};
