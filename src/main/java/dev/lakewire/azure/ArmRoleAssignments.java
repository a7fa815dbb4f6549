package dev.lakewire.azure;

import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Managed;
import dev.lakewire.ports.RoleAssignmentDeletions;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.RoleAssignments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Azure RBAC role assignments through the AuthorizationManager's service client (api-version
 * 2022-04-01).
 *
 * <p>{@link #create} PUTs {@code {scope}/providers/Microsoft.Authorization/roleAssignments/{name}}
 * (the name is deterministic, see {@code Names.roleAssignment}, and the PUT idempotent): 201 is the
 * new assignment; 200 (the same assignment under that name, done before) and 409 {@code
 * RoleAssignmentExists} (the same principal, role and scope under another name, e.g. granted by
 * hand) are {@link Managed.AlreadyExists} carrying what exists, so the loop needs no read; 409
 * {@code RoleAssignmentUpdateNotPermitted} (the name holds another principal or role: someone
 * reused it) is {@link CloudFailure.Permanent}.
 *
 * <p>{@code PrincipalNotFound} (a new connector's identity not yet replicated in Entra ID) is
 * {@link CloudFailure.NotYet}; the PUT names {@code principalType: ServicePrincipal}, which lets
 * ARM skip most of that wait.
 */
public final class ArmRoleAssignments implements RoleAssignments {

  private final ArmClients arm;

  public ArmRoleAssignments(ArmClients arm) {
    this.arm = arm;
  }

  /**
   * Reserves ARM's write quota for all of them per subscription first ({@link #reserveWrites}):
   * held back as a whole, none is sent.
   */
  @Override
  public void reserveWrites(List<String> scopes) {
    Map<String, Integer> perSubscription = new LinkedHashMap<>();
    for (String scope : scopes) {
      perSubscription.merge(ResourceId.fromString(scope).subscriptionId(), 1, Integer::sum);
    }
    perSubscription.forEach(
        (subscription, n) -> arm.reserveWrites(subscription, n, "PUT " + n + " role assignments"));
  }

  @Override
  public Optional<RoleAssignmentSpec> fetch(RoleAssignmentSpec desired) {
    return get(arm, desired.scope(), desired.name());
  }

  @Override
  public RoleAssignmentSpec create(RoleAssignmentSpec spec) {
    String subscription = ResourceId.fromString(spec.scope()).subscriptionId();
    String what = spec.describe();
    try {
      Response<RoleAssignmentInner> created =
          client(arm, spec.scope())
              .createWithResponse(
                  ArmClients.relative(spec.scope()),
                  spec.name(),
                  new RoleAssignmentCreateParameters()
                      .withRoleDefinitionId(
                          roleDefinitionId(subscription, spec.roleDefinitionGuid()))
                      .withPrincipalId(spec.principalId())
                      .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL),
                  Context.NONE);
      if (created.getStatusCode() != 201) {
        // 200: ARM shows the assignment it has under the name (the loop compares it)
        throw new Managed.AlreadyExists(
            what + " exists (200)", toSpec(created.getValue(), spec.scope(), spec.name()), null);
      }
      return spec;
    } catch (Managed.AlreadyExists existed) {
      throw existed;
    } catch (RuntimeException e) {
      if (ArmFailures.status(e) == 409 && "RoleAssignmentExists".equals(ArmFailures.code(e))) {
        // ARM says: this principal holds this role at this scope already (another name)
        throw new Managed.AlreadyExists(what + ": RoleAssignmentExists", spec, e);
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

  /**
   * Deleting role assignments (offboarding): observed and compared as here, deleted by one DELETE;
   * a separate port, so the onboarding steps, which hold this one, cannot delete.
   */
  public RoleAssignmentDeletions deletions() {
    return () -> Managed.deletedBy(this, (expected, actual) -> deleteByName(expected));
  }

  /**
   * DELETE of the assignment: 200 with the deleted assignment, 204 when there was none
   * (azure-rest-api-specs RoleAssignments_Delete.json, api-version 2022-04-01).
   */
  private boolean deleteByName(RoleAssignmentSpec expected) {
    String scope = expected.scope();
    try {
      return client(arm, scope)
              .deleteWithResponse(ArmClients.relative(scope), expected.name(), null, Context.NONE)
              .getStatusCode()
          == 200;
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return false;
      }
      throw arm.failures().classify("DELETE " + expected.describe(), e);
    }
  }

  static RoleAssignmentsClient client(ArmClients arm, String scope) {
    String subscription = ResourceId.fromString(scope).subscriptionId();
    return arm.authorization(subscription).roleServiceClient().getRoleAssignments();
  }

  /** GET {@code {scope}/providers/Microsoft.Authorization/roleAssignments/{name}}; 404 → empty. */
  static Optional<RoleAssignmentSpec> get(ArmClients arm, String scope, String name) {
    RoleAssignmentInner found;
    try {
      found =
          client(arm, scope)
              .getWithResponse(ArmClients.relative(scope), name, null, Context.NONE)
              .getValue();
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw arm.failures().classify("GET role assignment " + name + " on " + scope, e);
    }
    return Optional.ofNullable(found).map(f -> toSpec(f, scope, name));
  }

  /** What ARM shows of an assignment: its principal and role GUID (the last segment of its id). */
  private static RoleAssignmentSpec toSpec(RoleAssignmentInner found, String scope, String name) {
    if (found == null) {
      return null;
    }
    String roleId = found.roleDefinitionId() == null ? "" : found.roleDefinitionId();
    return new RoleAssignmentSpec(
        name,
        found.scope() == null ? scope : found.scope(),
        found.principalId() == null ? "" : found.principalId(),
        roleId.substring(roleId.lastIndexOf('/') + 1));
  }

  /** The role definition id at the scope's subscription, as ARM wants it in the PUT body. */
  static String roleDefinitionId(String subscriptionId, String roleGuid) {
    return "/subscriptions/"
        + subscriptionId
        + "/providers/Microsoft.Authorization/roleDefinitions/"
        + roleGuid;
  }
}
