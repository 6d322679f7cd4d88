export * from "../auth/schema";
export * from "../settings/schema";
export * from "../mail/schema";
export * from "../events/schema";
export * from "@/src/modules/audit/schema";
export * from "@/src/modules/members/schema";
export * from "@/src/modules/entities/schema";
export * from "@/src/modules/opportunities/schema";
