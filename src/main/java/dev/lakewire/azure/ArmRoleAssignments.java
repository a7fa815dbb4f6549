package dev.lakewire.azure;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.RoleAssignmentDeletions;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.RoleAssignments;
import java.util.Optional;

/**
 * Azure RBAC role assignments through the AuthorizationManager's service client (api-version
 * 2022-04-01).
 *
 * <p>{@link #ensure} PUTs {@code {scope}/providers/Microsoft.Authorization/roleAssignments/{name}}
 * without reading first (issue 11: one call per assignment, not two): the name is deterministic
 * (see {@code Names.roleAssignment}) and the PUT idempotent. 201 is {@link Result#CREATED}; 200
 * (the same assignment under that name, done before) and 409 {@code RoleAssignmentExists} (the same
 * principal, role and scope under another name, e.g. granted by hand) are {@link
 * Result#ALREADY_EXISTED}; 409 {@code RoleAssignmentUpdateNotPermitted} (the name holds another
 * principal or role: someone reused it) is {@link CloudFailure.Permanent}.
 *
 * <p>{@code PrincipalNotFound} (a new connector's identity not yet replicated in Entra ID) is
 * {@link CloudFailure.NotYet}; the PUT names {@code principalType: ServicePrincipal}, which lets
 * ARM skip most of that wait.
 */
public final class ArmRoleAssignments implements RoleAssignments, RoleAssignmentDeletions {

  private final ArmClients arm;

  public ArmRoleAssignments(ArmClients arm) {
    this.arm = arm;
  }

  /**
   * Reserves ARM's write quota for all of them per subscription first ({@link #reserveWrites}):
   * held back as a whole, none is sent.
   */
  @Override
  public java.util.List<Result> ensureAll(java.util.List<RoleAssignmentSpec> specs) {
    // a reservation made before (reserveWrites) is credit here: only what is missing is taken
    reserveWrites(specs.stream().map(RoleAssignmentSpec::scope).toList());
    return RoleAssignments.super.ensureAll(specs);
  }

  /** {@link ArmClients#reserveWrites} per subscription of the scopes. */
  @Override
  public void reserveWrites(java.util.List<String> scopes) {
    java.util.Map<String, Integer> perSubscription = new java.util.LinkedHashMap<>();
    for (String scope : scopes) {
      perSubscription.merge(ResourceId.fromString(scope).subscriptionId(), 1, Integer::sum);
    }
    perSubscription.forEach(
        (subscription, n) -> arm.reserveWrites(subscription, n, "PUT " + n + " role assignments"));
  }

  @Override
  public Result ensure(RoleAssignmentSpec spec) {
    String subscription = ResourceId.fromString(spec.scope()).subscriptionId();
    String roleDefinitionId = roleDefinitionId(subscription, spec.roleDefinitionGuid());
    RoleAssignmentsClient client =
        arm.authorization(subscription).roleServiceClient().getRoleAssignments();
    String scope = ArmClients.relative(spec.scope());
    String what = "role assignment " + spec.name() + " on " + spec.scope();
    try {
      Response<RoleAssignmentInner> created =
          client.createWithResponse(
              scope,
              spec.name(),
              new RoleAssignmentCreateParameters()
                  .withRoleDefinitionId(roleDefinitionId)
                  .withPrincipalId(spec.principalId())
                  .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL),
              Context.NONE);
      return created.getStatusCode() == 201 ? Result.CREATED : Result.ALREADY_EXISTED;
    } catch (RuntimeException e) {
      if (ArmFailures.status(e) == 409 && "RoleAssignmentExists".equals(ArmFailures.code(e))) {
        return Result.ALREADY_EXISTED;
      }
      if (ArmFailures.status(e) == 409
          && "RoleAssignmentUpdateNotPermitted".equals(ArmFailures.code(e))) {
        throw new CloudFailure.Permanent(
            what
                + " exists for another principal or role than "
                + spec.principalId()
                + " and role "
                + spec.roleDefinitionGuid()
                + " (409 RoleAssignmentUpdateNotPermitted); delete it or reprocess with another"
                + " name",
            e);
      }
      throw arm.failures().classify("PUT " + what, e);
    }
  }

  /** GET {@code {scope}/providers/Microsoft.Authorization/roleAssignments/{name}}; 404 → empty. */
  @Override
  public Optional<RoleAssignmentSpec> find(String scope, String name) {
    String subscription = ResourceId.fromString(scope).subscriptionId();
    RoleAssignmentsClient client =
        arm.authorization(subscription).roleServiceClient().getRoleAssignments();
    RoleAssignmentInner found;
    try {
      found =
          client.getWithResponse(ArmClients.relative(scope), name, null, Context.NONE).getValue();
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw arm.failures().classify("GET role assignment " + name + " on " + scope, e);
    }
    if (found == null) {
      return Optional.empty();
    }
    String roleId = found.roleDefinitionId() == null ? "" : found.roleDefinitionId();
    return Optional.of(
        new RoleAssignmentSpec(
            name,
            found.scope() == null ? scope : found.scope(),
            found.principalId() == null ? "" : found.principalId(),
            roleId.substring(roleId.lastIndexOf('/') + 1)));
  }

  /**
   * DELETE of the assignment: 200 with the deleted assignment, 204 when there was none
   * (azure-rest-api-specs RoleAssignments_Delete.json, api-version 2022-04-01).
   */
  @Override
  public boolean delete(String scope, String name) {
    String subscription = ResourceId.fromString(scope).subscriptionId();
    RoleAssignmentsClient client =
        arm.authorization(subscription).roleServiceClient().getRoleAssignments();
    try {
      return client
              .deleteWithResponse(ArmClients.relative(scope), name, null, Context.NONE)
              .getStatusCode()
          == 200;
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return false;
      }
      throw arm.failures().classify("DELETE role assignment " + name + " on " + scope, e);
    }
  }

  /**
   * {@code GET {scope}/providers/Microsoft.Authorization/roleAssignments/{name}}: 404 is false; the
   * same principal and role is true; another principal or role under the name is {@link
   * CloudFailure.Permanent} (what {@link #ensure}'s PUT would meet as {@code
   * RoleAssignmentUpdateNotPermitted}).
   */
  @Override
  public boolean exists(RoleAssignmentSpec spec) {
    String subscription = ResourceId.fromString(spec.scope()).subscriptionId();
    RoleAssignmentsClient client =
        arm.authorization(subscription).roleServiceClient().getRoleAssignments();
    String what = "role assignment " + spec.name() + " on " + spec.scope();
    RoleAssignmentInner found;
    try {
      found =
          client
              .getWithResponse(ArmClients.relative(spec.scope()), spec.name(), null, Context.NONE)
              .getValue();
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return false;
      }
      throw arm.failures().classify("GET " + what, e);
    }
    String role = found.roleDefinitionId() == null ? "" : found.roleDefinitionId();
    boolean same =
        spec.principalId().equalsIgnoreCase(String.valueOf(found.principalId()))
            && role.toLowerCase(java.util.Locale.ROOT)
                .endsWith("/" + spec.roleDefinitionGuid().toLowerCase(java.util.Locale.ROOT));
    if (!same) {
      throw new CloudFailure.Permanent(
          what
              + " exists for principal "
              + found.principalId()
              + " and role "
              + role
              + ", not "
              + spec.principalId()
              + " and role "
              + spec.roleDefinitionGuid(),
          null);
    }
    return true;
  }

  /** The role definition id at the scope's subscription, as ARM wants it in the PUT body. */
  static String roleDefinitionId(String subscriptionId, String roleGuid) {
    return "/subscriptions/"
        + subscriptionId
        + "/providers/Microsoft.Authorization/roleDefinitions/"
        + roleGuid;
  }
}
